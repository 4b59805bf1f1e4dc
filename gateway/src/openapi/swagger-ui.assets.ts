import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Files of swagger-ui-dist the page needs; an allow-list, so no request can name another file on disk. */
const ASSET_FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

/** The page's own initializer: the package's swagger-initializer.js points at the public Petstore demo. */
export const INITIALIZER_FILE = 'swagger-initializer.js';

export const DOCS_PATH = '/api/docs';
export const OPENAPI_JSON_PATH = '/api/openapi.json';

const packageDir = dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'));

/** Absolute path of an allowed asset, or null. */
export function swaggerUiAssetPath(file: string): string | null {
  return ASSET_FILES.has(file) ? join(packageDir, file) : null;
}

/** No CDN and no validator badge (it would call validator.swagger.io): the reference works offline. */
export const SWAGGER_UI_INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_JSON_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

export const SWAGGER_UI_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Emissions API reference</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/${INITIALIZER_FILE}"></script>
</body>
</html>
`;
