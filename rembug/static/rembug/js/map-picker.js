/* Pick a proposal's location on a Leaflet map that shows the kelurahan boundary, by touch, mouse or keyboard
   (issue 13, point 3; decision 0033):
   - tap or click the map: the marker goes there; drag it to move it;
   - keyboard: Tab to the map, Enter or Space puts the marker at the map's centre (arrow keys pan, + and - zoom:
     Leaflet's own keys); Tab to the marker, arrow keys move it (Shift for small steps);
   - "Gunakan lokasi saya" takes the phone's position (navigator.geolocation);
   - every change is said in a polite live region, with the coordinates.
   Progressive: without JavaScript or without sight of the map, the address and the latitude/longitude inputs do
   the same job. No inline code (CSP). */
(function () {
  "use strict";
  var el = document.querySelector("[data-map-picker]");
  if (!el || typeof L === "undefined") { return; }
  var text = el.dataset;
  var latInput = document.getElementById(text.latInput);
  var lngInput = document.getElementById(text.lngInput);
  var statusEl = document.getElementById(text.status);
  var locate = document.getElementById(text.locate);
  var map = window.rembugMap(el);
  var marker = null;
  var ready = false;
  map.whenReady(function () { ready = true; });

  function say(message) { if (statusEl) { statusEl.textContent = message; } }
  function current() {
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
  }
  function moveByKey(event) {
    var steps = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    var step = steps[event.key];
    if (!step) { return; }
    event.preventDefault();
    event.stopPropagation(); // the map would pan instead
    var size = event.shiftKey ? 2 : 12;
    var point = map.latLngToContainerPoint(marker.getLatLng()).add([step[0] * size, step[1] * size]);
    var latlng = map.containerPointToLatLng(point);
    set(latlng.lat, latlng.lng, text.labelMoved);
    map.panInside(latlng);
  }
  function place(lat, lng) {
    if (marker) { marker.setLatLng([lat, lng]); return; }
    marker = L.marker([lat, lng], {
      icon: window.rembugMarkerIcon(el),
      keyboard: true,
      draggable: true,
      alt: text.labelMarker,
      title: text.labelMarker
    }).addTo(map);
    var icon = marker.getElement();
    icon.setAttribute("aria-describedby", text.help);
    icon.addEventListener("keydown", moveByKey);
    marker.on("dragend", function () {
      var p = marker.getLatLng();
      set(p.lat, p.lng, text.labelMoved);
    });
  }
  function set(lat, lng, why) {
    latInput.value = lat.toFixed(6);
    lngInput.value = lng.toFixed(6);
    place(lat, lng);
    say(why + " " + latInput.value + ", " + lngInput.value);
  }

  map.on("click", function (event) { set(event.latlng.lat, event.latlng.lng, text.labelPlaced); });
  el.addEventListener("keydown", function (event) {
    if (event.target !== el || (event.key !== "Enter" && event.key !== " ")) { return; }
    event.preventDefault();
    if (!ready) { return; } // no centre before the boundary (or the fallback view) is shown
    var centre = map.getCenter();
    set(centre.lat, centre.lng, text.labelPlaced);
  });
  [latInput, lngInput].forEach(function (input) {
    input.addEventListener("change", function () { var p = current(); if (p) { place(p[0], p[1]); map.panTo(p); } });
  });
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say(text.labelLocating);
      navigator.geolocation.getCurrentPosition(function (position) {
        set(position.coords.latitude, position.coords.longitude, text.labelLocated);
        map.setView([position.coords.latitude, position.coords.longitude], Math.max(map.getZoom(), 17));
      }, function () {
        say(text.labelLocateFailed);
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
  function fallback() {
    var p = current();
    map.setView(p || [-7.97, 112.63], p ? 17 : 13);
    if (p) { place(p[0], p[1]); }
  }
  fetch(el.dataset.boundaryUrl, { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (feature) {
      if (!feature) { fallback(); return; }
      var layer = L.geoJSON(feature, { style: { color: "#0b5d3b", weight: 2, fillOpacity: 0.05 } }).addTo(map);
      map.fitBounds(layer.getBounds());
      var p = current();
      if (p) { place(p[0], p[1]); }
    })
    .catch(fallback);
}());
