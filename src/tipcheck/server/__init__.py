"""`tipcheck server`: a Language Server Protocol server on stdio, for Markdown and plain text.

In: an editor's open documents (JSON-RPC over stdio: didOpen, didChange, didSave, hover,
codeAction), the configuration found as the CLI finds it, and the corpus index it names.
Out: diagnostics (one per side of a finding in the open document, the other sides as related
information), hovers with the other side's quote and value, and code actions that insert a
suppression comment or open the rule's page.

One job per module: `positions` (str offsets to LSP positions in the negotiated encoding),
`diagnostics` (findings to LSP values, pure), `pages` (rule pages as files an editor can
open), `workspace` (configuration, index discovery and reopening, the check itself) and `app`
(the pygls server: handlers, debounce, stale results dropped). Nothing here is imported by
`tipcheck check`: pygls is loaded only when the server starts.
"""
