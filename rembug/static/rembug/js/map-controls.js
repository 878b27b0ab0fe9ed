/* One way to start a Leaflet map on our pages: zoom buttons, popup close buttons and the marker named in the page's
   language (Leaflet says "Zoom in", "Close popup", "Marker"), read from data- attributes the template fills with
   gettext (includes/map_labels_attrs.html). No inline code (CSP); our own code around django-leaflet's Leaflet. */
(function () {
  "use strict";
  window.rembugMap = function (el, options) {
    var labels = el.dataset;
    var map = L.map(el, Object.assign({ zoomControl: false, scrollWheelZoom: false }, options || {}));
    L.control.zoom({
      zoomInTitle: labels.labelZoomIn || "Perbesar",
      zoomOutTitle: labels.labelZoomOut || "Perkecil"
    }).addTo(map);
    map.attributionControl.setPrefix("<a href=\"https://leafletjs.com\">Leaflet</a>");
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", labels.labelClose || "Tutup"); close.title = labels.labelClose || "Tutup"; }
    });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
    }
    return map;
  };
}());
