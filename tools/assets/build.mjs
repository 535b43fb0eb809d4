// Copies the pinned browser libraries from node_modules (installed by `npm ci`, which checks
// every tarball against the sha512 `integrity` of package-lock.json) into the Python package,
// with their licences and a manifest. Runs only when the assets are updated (./build.sh), never
// at test or run time: the gateway serves the committed files and needs no CDN.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "../../gateway/http/static/vendor");
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));

// UMD/production builds that need no bundler: [package, file in the package, name served].
const files = [
  ["react", "umd/react.production.min.js", "react.production.min.js"],
  ["react-dom", "umd/react-dom.production.min.js", "react-dom.production.min.js"],
  ["graphiql", "graphiql.min.js", "graphiql.min.js"],
  ["graphiql", "graphiql.min.css", "graphiql.min.css"],
  ["graphql-ws", "umd/graphql-ws.min.js", "graphql-ws.min.js"],
  ["@json-editor/json-editor", "dist/jsoneditor.js", "jsoneditor.min.js"],
];
// graphiql's "min" UMD file is webpack's unminified output (3.5 MB): esbuild shrinks it to
// 1.5 MB. That is the only transformation; everything else is copied byte for byte.
const minify = new Set(["graphiql.min.js"]);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};
for (const [pkg, path, name] of files) {
  const src = join(here, "node_modules", pkg, path);
  if (minify.has(name)) {
    execFileSync(join(here, "node_modules/.bin/esbuild"), [src, "--minify", "--legal-comments=inline", `--outfile=${join(out, name)}`, "--log-level=warning"]);
  } else {
    copyFileSync(src, join(out, name));
  }
  const entry = lock.packages[`node_modules/${pkg}`];
  manifest[name] = { package: pkg, version: entry.version, file: path, integrity: entry.integrity, minified: minify.has(name) };
}
writeFileSync(join(out, "MANIFEST.json"), JSON.stringify(manifest, null, 2) + "\n");

// The licences of every runtime package installed: the UMD files bundle some of them
// (graphiql bundles @graphiql/react, codemirror, graphql, markdown-it...).
const licences = [];
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!key || entry.dev) continue;
  const dir = join(here, key);
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => /^(licen[cs]e|copying)/i.test(f)) : [];
  const text = names.map((f) => readFileSync(join(dir, f), "utf8").trim()).join("\n\n");
  licences.push(`${"=".repeat(78)}\n${key.replace(/^.*node_modules\//, "")} ${entry.version} (${entry.license ?? "see text"})\n${"=".repeat(78)}\n${text || "(no licence file in the package; licence: " + (entry.license ?? "unknown") + ")"}\n`);
}
const extra = join(here, "node_modules/@json-editor/json-editor/dist/jsoneditor.js.LICENSE.txt");
licences.push(`${"=".repeat(78)}\nlicences bundled in jsoneditor.min.js\n${"=".repeat(78)}\n${readFileSync(extra, "utf8").trim()}\n`);
writeFileSync(join(out, "LICENSES.txt"), licences.join("\n"));
console.log(`wrote ${files.length} files, MANIFEST.json and LICENSES.txt (${licences.length} entries) to ${out}`);
