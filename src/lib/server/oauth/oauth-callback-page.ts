/**
 * The page a browser lands on when a login cannot finish (bad state, refused code): a plain, self-contained HTML
 * page that says what happened and links back to the dashboard. Everything shown is escaped; nothing secret
 * (code, state, token) is ever put on it.
 */
export function renderCallbackErrorPage(input: { title: string; message: string; dashboardUrl: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} · omniroute</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1f2937; }
  h1 { font-size: 1.25rem; }
  p { line-height: 1.5; }
  a { color: #2563eb; }
</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.message)}</p>
<p><a href="${escapeHtml(input.dashboardUrl)}">Back to the providers page</a></p>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
