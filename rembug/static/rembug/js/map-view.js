/* Show a proposal's location (read-only) on a Leaflet map with the kelurahan boundary.
   The address and coordinates are also printed as text beside the map, so the map is a named group (not an
   image: its zoom buttons are real buttons) whose controls speak Indonesian (map-controls.js). No inline code (CSP). */
(function () {
  "use strict";
  var el = document.querySelector("[data-map-view]");
  if (!el || typeof L === "undefined") { return; }
  var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
  var point = isNaN(lat) || isNaN(lng) ? null : [lat, lng];
  var map = window.rembugMap(el, { keyboard: false });
  if (point) {
    L.marker(point, { keyboard: false, interactive: false, icon: window.rembugMarkerIcon(el), alt: el.dataset.labelMarker }).addTo(map);
    map.setView(point, 17);
  }
  fetch(el.dataset.boundaryUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (feature) {
      if (!feature) {
        if (!point) { map.setView([-7.97, 112.63], 13); }
        return;
      }
      var layer = L.geoJSON(feature, { style: { color: "#0b5d3b", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      if (!point) { map.fitBounds(layer.getBounds()); }
    })
    .catch(function () { if (!point) { map.setView([-7.97, 112.63], 13); } });
}());
