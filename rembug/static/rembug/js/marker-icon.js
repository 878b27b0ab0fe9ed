/* Leaflet's default marker guesses its image folder from leaflet.css. Once collectstatic gives the images hashed
   names (make run, production) the guess fails and every marker was a broken image (a 404). The map element names
   the images' real static URLs in data- attributes (includes/marker_icon_attrs.html); no inline code (CSP). */
(function () {
  "use strict";
  window.rembugMarkerIcon = function (el) {
    return L.icon({
      iconUrl: el.dataset.markerIcon,
      iconRetinaUrl: el.dataset.markerIcon2x,
      shadowUrl: el.dataset.markerShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      tooltipAnchor: [16, -28],
      shadowSize: [41, 41]
    });
  };
}());
