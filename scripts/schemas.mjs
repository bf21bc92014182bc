// Writes schemas/*.schema.json from the zod schemas (via the built library). Run after changing a schema:
//   npm run build && npm run schemas
import { mkdirSync, writeFileSync } from "node:fs";
import { jsonSchemas } from "../dist/index.js";

mkdirSync("schemas", { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schemas/${name}.schema.json`, `${JSON.stringify(schema, null, 2)}\n`);
}
