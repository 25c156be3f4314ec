#!/usr/bin/env node
// The `flexmarket` command: the command line compiled to dist/ (`npm run build`; `npm ci` and `npm pack` run it).
await import("../dist/cli/main.js");
