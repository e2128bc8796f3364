// The public GraphQL API, spoken with the documents of schema/operations/ as the server
// serves them (/-/operations/): the page uses exactly the operations frontends are given.

const OPERATIONS = "/-/operations/";
const FRAGMENT_FILE = "article_card.graphql";
const USES_FRAGMENT = /\.\.\.ArticleCard\b/;
const documents = new Map();

/** A failure to reach the API or an error in its answer (not an AnalysisError result). */
export class ApiError extends Error {}

async function fetchText(url) {
  const response = await fetch(url, { headers: { accept: "text/plain" } });
  if (!response.ok) throw new ApiError(`Could not load ${url} (HTTP ${response.status}).`);
  return response.text();
}

/** The operation file, with the shared ArticleCard fragment appended when it uses it. */
export function operation(file) {
  if (!documents.has(file)) {
    documents.set(
      file,
      (async () => {
        const document = await fetchText(OPERATIONS + file);
        if (!USES_FRAGMENT.test(document)) return document;
        return document + "\n" + (await fetchText(OPERATIONS + FRAGMENT_FILE));
      })(),
    );
  }
  return documents.get(file);
}

/** Runs one named operation of an operation file; resolves to `data`. */
export async function request(file, operationName, variables) {
  const query = await operation(file);
  let response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, operationName, variables }),
    });
  } catch {
    throw new ApiError("The service could not be reached. Check your connection and retry.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The service answered HTTP ${response.status} without a GraphQL result.`);
  }
  if (body.errors && body.errors.length) {
    throw new ApiError(body.errors.map((error) => error.message).join(" "));
  }
  if (!response.ok || !body.data) throw new ApiError(`The service answered HTTP ${response.status}.`);
  return body.data;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** A <time> element for an ISO 8601 instant, shown as a UTC day. */
export function timeElement(iso, element = document.createElement("time")) {
  element.dateTime = iso;
  element.textContent = dateFormat.format(new Date(iso));
  return element;
}

/** "7.2" for a 0–10 score, "–" when there is none. */
export function formatScore(value) {
  return value === null || value === undefined ? "–" : value.toFixed(1);
}

/** The site to show for an article: its site name, else its host, else "Pasted text". */
export function siteOf(article) {
  if (article.siteName) return article.siteName;
  if (article.url) {
    try {
      return new URL(article.url).hostname;
    } catch {
      return article.url;
    }
  }
  return "Pasted text";
}

/** The headline to show: the suggested neutral one, else the original title. */
export function headlineOf(article) {
  return (article.summary && article.summary.headline) || article.title || "Untitled analysis";
}

export function articlePath(id) {
  return "/articles/" + encodeURIComponent(id);
}
