// The reference jobs page: sign in, launch a `reprocess` job with the form generated from the
// catalogue's JSON Schema, watch my jobs live, answer input requests, download outputs.
// Plain modules and two vendored libraries (graphql-ws, json-editor); no framework.
import { api } from "./api.js";
import { completeOidcSignIn, currentToken, demoSignIn, loadConfig, oidcSignIn, signOut, tokenLogin } from "./auth.js";

const $ = (id) => document.getElementById(id);

const JOB_FIELDS = `fragment JobFields on Job {
  jobId type description status created updated
  inputRequest { message schema at }
  outputs { name fileId downloadUrl } }`;
const START = `query {
  jobTypes(entity: DATA_COLLECTION) { name title description parameters }
  dataCollections(first: 50) { nodes { dataCollectionId imagePrefix numberOfImages startTime } } }`;
const MY_JOBS = `query { jobs(filter: {mine: true}, first: 50) { nodes { ...JobFields } } } ${JOB_FIELDS}`;
const LIVE = `subscription { jobsUpdated(filter: {mine: true}) { event job { ...JobFields } } } ${JOB_FIELDS}`;
const CREATE = `mutation($items: [Int!]!, $parameters: JSON!) {
  createJob(type: "reprocess", itemIds: $items, parameters: $parameters) { ...JobFields } } ${JOB_FIELDS}`;
const ANSWER = `mutation($id: String!, $values: JSON!) {
  submitJobInput(jobId: $id, values: $values) { ...JobFields } } ${JOB_FIELDS}`;

const jobs = new Map(); // jobId -> {job, seen: [statuses this page saw, in order]}
let client = null;
let inputEditor = null;
let answering = null; // "jobId@requestTime" of the request the input form shows

function showError(error) {
  $("error").textContent = error ? String(error.message ?? error) : "";
}

// The catalogue writes labelled choices as `oneOf: [{const, title}]` (what react-jsonschema-form
// expects); json-editor shows a plain `enum` with `options.enum_titles` as a select instead.
function forJsonEditor(schema) {
  if (Array.isArray(schema)) return schema.map(forJsonEditor);
  if (schema === null || typeof schema !== "object") return schema;
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, forJsonEditor(v)]));
  if (Array.isArray(out.oneOf) && out.oneOf.every((o) => "const" in o)) {
    out.enum = out.oneOf.map((o) => o.const);
    out.options = { ...out.options, enum_titles: out.oneOf.map((o) => o.title ?? String(o.const)) };
    delete out.oneOf;
  }
  return out;
}

function editor(element, schema, title) {
  element.replaceChildren();
  return new JSONEditor(element, {
    schema: { ...forJsonEditor(schema), title: schema.title ?? title },
    theme: "html",
    disable_collapse: true,
    disable_edit_json: true,
    disable_properties: true,
    show_opt_in: true, // optional fields stay out of the value until ticked
    show_errors: "interaction",
  });
}

/** The editor's value, or null after showing what is wrong (the gateway checks again). */
function validValue(ed) {
  const errors = ed.validate();
  if (errors.length) {
    showError(errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
    return null;
  }
  return ed.getValue();
}

// Jobs ---------------------------------------------------------------------------------------
function remember(job) {
  const known = jobs.get(job.jobId);
  if (known && known.job.updated > job.updated) return; // an older state arriving late
  const seen = known?.seen ?? [];
  if (seen.at(-1) !== job.status) seen.push(job.status);
  jobs.set(job.jobId, { job, seen });
}

function outputCell(job) {
  const cell = document.createElement("td");
  for (const output of job.outputs.filter((o) => o.downloadUrl)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "download";
    button.textContent = `⬇ ${output.name}`;
    button.addEventListener("click", () => client.download(output.downloadUrl, output.name).catch(showError));
    cell.append(button);
  }
  return cell;
}

function render() {
  const rows = [...jobs.values()].sort((a, b) => (a.job.created < b.job.created ? 1 : -1));
  $("jobs").replaceChildren(
    ...rows.map(({ job, seen }) => {
      const row = document.createElement("tr");
      row.dataset.jobId = job.jobId;
      const cells = [new Date(job.created).toLocaleString(), job.description];
      row.append(...cells.map((text) => Object.assign(document.createElement("td"), { textContent: text })));
      const status = document.createElement("td");
      status.append(
        Object.assign(document.createElement("span"), { className: `status status-${job.status}`, textContent: job.status }),
        Object.assign(document.createElement("small"), { className: "seen", textContent: ` seen: ${seen.join(" → ")}` }),
      );
      row.append(status, outputCell(job));
      return row;
    }),
  );
  showInputRequest(rows.map((r) => r.job).find((job) => job.status === "ONHOLD" && job.inputRequest));
}

// An ONHOLD job's question, with a form built from the JSON Schema the worker sent.
function showInputRequest(job) {
  $("input-request").hidden = !job;
  const key = job ? `${job.jobId}@${job.inputRequest.at}` : null;
  if (!job || key === answering) return;
  answering = key;
  $("input-job").textContent = job.description;
  $("input-message").textContent = job.inputRequest.message;
  inputEditor = editor($("input-editor"), job.inputRequest.schema, "Answer");
}

// Start --------------------------------------------------------------------------------------
async function start(token) {
  $("who").textContent = `signed in as ${tokenLogin(token)}`;
  $("sign-in").hidden = true;
  $("sign-out").hidden = false;
  $("signed-in").hidden = false;
  client = api(token);

  const { jobTypes, dataCollections } = await client.gql(START);
  const reprocess = jobTypes.find((t) => t.name === "reprocess");
  $("type-description").textContent = reprocess.description;
  $("collection").replaceChildren(
    ...dataCollections.nodes.map((dc) =>
      Object.assign(document.createElement("option"), {
        value: dc.dataCollectionId,
        textContent: `#${dc.dataCollectionId} ${dc.imagePrefix ?? ""} (${dc.numberOfImages ?? "?"} images)`,
      }),
    ),
  );
  const parameters = editor($("parameters"), reprocess.parameters, `${reprocess.title} parameters`);

  $("launch").addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(null);
    const values = validValue(parameters);
    if (!values) return;
    try {
      const { createJob } = await client.gql(CREATE, { items: [Number($("collection").value)], parameters: values });
      remember(createJob);
      render();
    } catch (error) {
      showError(error);
    }
  });

  $("input-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    showError(null);
    const values = validValue(inputEditor);
    if (!values) return;
    const jobId = answering.split("@")[0];
    try {
      remember((await client.gql(ANSWER, { id: jobId, values })).submitJobInput);
      render();
    } catch (error) {
      showError(error);
    }
  });

  // Subscribe before listing, so no change falls between the two; `remember` keeps the newest.
  client.on("connected", () => ($("live").textContent = "(live)"));
  client.on("closed", () => ($("live").textContent = "(reconnecting…)"));
  client.subscribe(LIVE, {}, ({ jobsUpdated }) => {
    remember(jobsUpdated.job);
    render();
  }, showError);
  for (const job of (await client.gql(MY_JOBS)).jobs.nodes) remember(job);
  render();
}

async function main() {
  const config = await loadConfig();
  $("sign-out").addEventListener("click", () => {
    signOut();
    location.reload();
  });
  $("sign-in-button").addEventListener("click", async () => {
    try {
      if (config.demo) await start(await demoSignIn(config, $("demo-login").value));
      else await oidcSignIn(config);
    } catch (error) {
      showError(error);
    }
  });
  $("sign-in").hidden = false;
  $("sign-in").querySelector(".demo").hidden = !config.demo;
  const token = config.demo ? currentToken() : (await completeOidcSignIn(config)) ?? currentToken();
  if (token) await start(token);
}

main().catch(showError);
