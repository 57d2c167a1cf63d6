-- The Neovim end-to-end test of `policyctl lsp` (scripts/lsp-neovim.sh runs it): Neovim's
-- built-in LSP client starts the server on a policy, the test types a typo into the buffer
-- and writes what Neovim received to $LSP_RESULT as JSON. Written for Neovim 0.7 (Debian 12)
-- and later: `vim.lsp.start_client` and `buf_attach_client`, not `vim.lsp.start`.
local bin, file, result_path = os.getenv("POLICYCTL"), os.getenv("POLICY_FILE"), os.getenv("LSP_RESULT")
local typo_from, typo_to = os.getenv("TYPO_FROM"), os.getenv("TYPO_TO")

local function finish(result)
  local out = io.open(result_path, "w")
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd("qall!")
end

local publications = 0
local default_handler = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  publications = publications + 1
  return default_handler(err, result, ctx, config)
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local exit_code = nil
local client = vim.lsp.start_client({
  name = "policyctl",
  cmd = { bin, "lsp", "--stdio", "--today", "2026-10-01" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
  on_exit = function(code) exit_code = code end,
  -- Send each change at once, so that the latency measured is the server's and the pipe's.
  flags = { debounce_text_changes = 0 },
})
if not client then finish({ failure = "the client did not start" }) return end
vim.lsp.buf_attach_client(buf, client)

local function errors() return vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR }) end
if not vim.wait(30000, function() return publications >= 1 end, 20) then
  finish({ failure = "no diagnostics were published for the opened policy" }) return
end
local initial_errors = #errors()

-- The typo, typed into the buffer (never saved).
local line_number, line_text
for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local s, e = string.find(text, typo_from, 1, true)
  if s then
    line_number, line_text = i - 1, string.sub(text, 1, s - 1) .. typo_to .. string.sub(text, e + 1)
    break
  end
end
if not line_number then finish({ failure = "the text to change is not in the policy" }) return end
local started = vim.loop.hrtime()
vim.api.nvim_buf_set_lines(buf, line_number, line_number + 1, false, { line_text })
if not vim.wait(30000, function() return publications >= 2 and #errors() > 0 end, 1) then
  finish({ failure = "no error was published after the typo" }) return
end
local latency_ms = (vim.loop.hrtime() - started) / 1e6

local received = {}
for _, d in ipairs(errors()) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(received, { lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, code = code, source = d.source })
end

-- Hover and go to definition on a fact used in the suspension grounds, through the client.
local hover, definition
for i, text in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local s = string.find(text, "arrears > 0 && days_overdue", 1, true)
  if s then
    local params = { textDocument = vim.lsp.util.make_text_document_params(buf), position = { line = i - 1, character = s } }
    local answers = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000) or {}
    local answer = answers[client]
    hover = answer and answer.result and answer.result.contents and answer.result.contents.value
    answers = vim.lsp.buf_request_sync(buf, "textDocument/definition", params, 10000) or {}
    answer = answers[client]
    local place = answer and answer.result and answer.result[1]
    definition = place and { uri = place.uri, line = place.range.start.line }
    break
  end
end

vim.lsp.stop_client(client)
vim.wait(10000, function() return exit_code ~= nil end, 20)
finish({ initial_errors = initial_errors, diagnostics = received, latency_ms = latency_ms, exit_code = exit_code,
         hover = hover, definition = definition })
