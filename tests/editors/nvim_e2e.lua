-- Drives the real asl-lsp server from headless Neovim (0.7+): diagnostics, completion,
-- go-to-definition and rename. Results are written as JSON for the pytest side to check.
local out = { ok = false }
local output_path = vim.env.ASL_NVIM_OUT
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, output_path)
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(vim.env.ASL_SERVER_CMD)
  vim.cmd("edit " .. vim.fn.fnameescape(vim.env.ASL_FIXTURE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "asl-lsp",
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(vim.env.ASL_FIXTURE, ":h"),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  local uri = vim.uri_from_bufnr(bufnr)

  vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(out.diagnostics, { code = code, message = d.message, lnum = d.lnum, col = d.col })
  end

  -- Completion inside the value of "Next" on line 6 (0-based 5), right after the opening quote.
  local line = vim.api.nvim_buf_get_lines(bufnr, 5, 6, false)[1]
  local quote = string.find(line, '"', string.find(line, ":") + 1)
  local completion = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", {
    textDocument = { uri = uri },
    position = { line = 5, character = quote },
  }, 10000)
  out.completion = {}
  for _, response in pairs(completion or {}) do
    local result = response.result or {}
    local items = result.items or result
    for _, item in ipairs(items) do table.insert(out.completion, item.label) end
  end

  -- Go to definition on "Finish" in line 10 (0-based 9).
  local def_line = vim.api.nvim_buf_get_lines(bufnr, 9, 10, false)[1]
  local def_col = string.find(def_line, "Finish")
  local definition = vim.lsp.buf_request_sync(bufnr, "textDocument/definition", {
    textDocument = { uri = uri },
    position = { line = 9, character = def_col },
  }, 10000)
  out.definition = {}
  for _, response in pairs(definition or {}) do
    for _, loc in ipairs(response.result or {}) do
      table.insert(out.definition, { line = loc.range.start.line, character = loc.range.start.character })
    end
  end

  -- Rename the state "Process" (its key on line 8, 0-based 7) to "Handle" and apply the edit.
  local key_line = vim.api.nvim_buf_get_lines(bufnr, 7, 8, false)[1]
  local key_col = string.find(key_line, "Process")
  local rename = vim.lsp.buf_request_sync(bufnr, "textDocument/rename", {
    textDocument = { uri = uri },
    position = { line = 7, character = key_col },
    newName = "Handle",
  }, 10000)
  for _, response in pairs(rename or {}) do
    if response.result then
      vim.lsp.util.apply_workspace_edit(response.result, client.offset_encoding or "utf-16")
    end
    if response.err then out.rename_error = response.err.message end
  end
  out.text_after_rename = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  vim.lsp.stop_client(client_id)
  out.ok = true
end)
if not ok then out.error = tostring(err) end
finish()
