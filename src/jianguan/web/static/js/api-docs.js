// Starts Swagger UI from the local bundle (no CDN) on the platform's OpenAPI document.
(function () {
  var element = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: element.getAttribute("data-spec"), dom_id: "#swagger-ui", deepLinking: true });
})();
