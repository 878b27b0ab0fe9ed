/* Pick a proposal's location on a Leaflet map that shows the kelurahan boundary.
   Progressive: without JavaScript the latitude/longitude inputs still work. No inline code (CSP). */
(function () {
  "use strict";
  var el = document.querySelector("[data-map-picker]");
  if (!el || typeof L === "undefined") { return; }
  var latInput = document.getElementById(el.dataset.latInput);
  var lngInput = document.getElementById(el.dataset.lngInput);
  var map = L.map(el, { scrollWheelZoom: false });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "&copy; OpenStreetMap" }).addTo(map);
  }
  var marker = null;
  function place(lat, lng) {
    if (marker) { marker.setLatLng([lat, lng]); } else { marker = L.marker([lat, lng], { icon: window.rembugMarkerIcon(el) }).addTo(map); }
  }
  function current() {
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
  }
  map.on("click", function (event) {
    latInput.value = event.latlng.lat.toFixed(6);
    lngInput.value = event.latlng.lng.toFixed(6);
    place(event.latlng.lat, event.latlng.lng);
  });
  [latInput, lngInput].forEach(function (input) {
    input.addEventListener("change", function () { var p = current(); if (p) { place(p[0], p[1]); map.panTo(p); } });
  });
  fetch(el.dataset.boundaryUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (feature) {
      if (!feature) { map.setView([-7.97, 112.63], 13); return; }
      var layer = L.geoJSON(feature, { style: { color: "#0b5d3b", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      map.fitBounds(layer.getBounds());
      var p = current();
      if (p) { place(p[0], p[1]); }
    });
}());
