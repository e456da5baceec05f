// The servicedesk page reads without JavaScript; with it, the filter and the copy buttons work.
(function () {
  "use strict";
  var filter = document.getElementById("desk-filter");
  var items = Array.prototype.slice.call(document.querySelectorAll(".desk-link"));
  var status = document.querySelector(".desk-copied");
  var copied = status ? status.getAttribute("data-copied") : "";

  if (filter) {
    filter.parentNode.hidden = false;
    filter.addEventListener("input", function () {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      items.forEach(function (item) {
        var text = item.textContent.toLowerCase();
        item.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
      });
    });
  }

  // Copies the message with the Clipboard API, or by selecting it where that is not allowed
  // (a page opened from the disk).
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text, done); });
    } else {
      fallback(text, done);
    }
  }

  function fallback(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selectable on the page */ }
    document.body.removeChild(area);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".desk-copy"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var message = document.getElementById(button.getAttribute("data-copy"));
      copy(message.textContent, function () {
        if (status) status.textContent = copied + ": " + message.textContent;
      });
    });
  });
})();
