// The try-it page: Swagger UI over the gateway's own OpenAPI document (same origin, so
// "Try it out" calls this gateway).
window.ui = SwaggerUIBundle({
  url: '../openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  tryItOutEnabled: false,
});
