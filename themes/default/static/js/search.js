// The site search on /cerca/: Pagefind's UI, started with the query in ?q= if any.
// A file rather than an inline script, so that the site's Content-Security-Policy
// can forbid inline scripts (cms/security/csp.py).
window.addEventListener("DOMContentLoaded", function () {
  var ui = new PagefindUI({element: "#ricerca", showSubResults: true, showImages: false,
                           baseUrl: "/", resetStyles: false});
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { ui.triggerSearch(query); }
});
