-- Loads a README snippet (ASL_SNIPPET), opens two ASL buffers and a plain JSON file, and records
-- which clients each buffer got. Results are written as JSON for the pytest side to check.
local out = { ok = false }
local ok, err = pcall(function()
  vim.cmd("cd " .. vim.fn.fnameescape(vim.env.ASL_ROOT))
  dofile(vim.env.ASL_SNIPPET)
  vim.cmd("filetype on")
  local buffers = {}
  for _, name in ipairs({ "first.asl.json", "second.asl.yaml", "package.json" }) do
    vim.cmd("edit " .. vim.fn.fnameescape(vim.env.ASL_ROOT .. "/" .. name))
    buffers[name] = vim.api.nvim_get_current_buf()
  end
  -- vim.lsp.get_clients replaces buf_get_clients and get_active_clients from Neovim 0.10 on.
  local function lsp_clients(buf)
    if vim.lsp.get_clients then
      return vim.lsp.get_clients({ bufnr = buf })
    end
    return buf and vim.lsp.buf_get_clients(buf) or vim.lsp.get_active_clients()
  end
  local function clients_of(buf)
    local ids = {}
    for id, client in pairs(lsp_clients(buf)) do
      if client.name == "asl-lsp" or client.name == "asl_lsp" then
        table.insert(ids, client.id or id)
      end
    end
    return ids
  end
  vim.wait(20000, function()
    return #clients_of(buffers["first.asl.json"]) > 0 and #clients_of(buffers["second.asl.yaml"]) > 0
  end, 50)
  -- Diagnostics prove each attached client serves its buffer.
  vim.wait(20000, function()
    return #vim.diagnostic.get(buffers["first.asl.json"]) > 0
      and #vim.diagnostic.get(buffers["second.asl.yaml"]) > 0
  end, 50)
  out.clients = {}
  for name, buf in pairs(buffers) do
    out.clients[name] = clients_of(buf)
  end
  out.diagnostics = {
    json = #vim.diagnostic.get(buffers["first.asl.json"]),
    yaml = #vim.diagnostic.get(buffers["second.asl.yaml"]),
  }
  local all = {}
  for _, client in pairs(lsp_clients()) do
    table.insert(all, client.name)
  end
  out.active = all
  for _, client in pairs(lsp_clients()) do
    client.stop()
  end
  out.ok = true
end)
if not ok then out.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(out) }, vim.env.ASL_NVIM_OUT)
vim.cmd("qall!")
