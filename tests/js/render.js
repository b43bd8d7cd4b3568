// Render CSL-JSON with citeproc-js for refs' agreement tests.
// stdin: {"style": "<xml>", "locales": {"en-US": "<xml>", ...}, "lang": "en-US",
//         "items": [...], "order": ["key", ...], "clusters": [[{"id": "key", "locator": "45", "label": "page"}], ...]}
// stdout: {"bibliography": [{"id": "...", "text": "..."}], "citations": ["...", ...]}
"use strict";
const CSL = require("citeproc");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const items = {};
  for (const item of job.items) items[item.id] = item;
  const sys = {
    retrieveLocale: (lang) => job.locales[lang] || job.locales[Object.keys(job.locales).find((k) => k.split("-")[0] === lang)] || job.locales["en-US"],
    retrieveItem: (id) => items[id],
  };
  const engine = new CSL.Engine(sys, job.style, job.lang, true);
  engine.setOutputFormat("text");
  engine.updateItems(job.order);
  const out = { bibliography: [], citations: [] };
  const bib = engine.makeBibliography();
  if (bib) {
    const [meta, entries] = bib;
    meta.entry_ids.forEach((ids, i) => out.bibliography.push({ id: ids[0], text: entries[i].trim() }));
  }
  for (const cluster of job.clusters || []) {
    out.citations.push(engine.makeCitationCluster(cluster));
  }
  process.stdout.write(JSON.stringify(out));
});
