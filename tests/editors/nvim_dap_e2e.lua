-- Headless Neovim as the DAP client of `asl debug`, configured by the README's nvim-dap snippet.
-- nvim-dap itself is a plugin this test cannot install, so a stand-in `dap` module collects the
-- adapter and configuration the snippet defines, and a small client below speaks DAP to the
-- adapter process over stdio the way nvim-dap does. Results go to $ASL_NVIM_OUT as JSON.

local out_path = os.getenv("ASL_NVIM_OUT")
local result = { ok = false, stops = {} }

local function finish(err)
  if err then result.error = err end
  local f = assert(io.open(out_path, "w"))
  f:write(vim.json.encode(result))
  f:close()
  vim.cmd("qa!")
end

package.loaded["dap"] = { adapters = {}, configurations = {} }
vim.fn.input = function() return os.getenv("ASL_INPUT") end -- what the user types at the prompt
local ok, err = pcall(dofile, os.getenv("ASL_DAP_SNIPPET"))
if not ok then return finish("README snippet: " .. tostring(err)) end
local dap = require("dap")
local adapter = dap.adapters.asl
local config = vim.deepcopy(dap.configurations.json[1])
result.adapter = { type = adapter.type, command = adapter.command, args = adapter.args }
-- nvim-dap expands ${file} and calls function values before launching.
config.program = config.program:gsub("%${file}", os.getenv("ASL_FIXTURE"))
for key, value in pairs(config) do
  if type(value) == "function" then config[key] = value() end
end

local uv = vim.loop
local stdin, stdout = uv.new_pipe(false), uv.new_pipe(false)
local handle = uv.spawn(adapter.command, { args = adapter.args, stdio = { stdin, stdout, nil } }, function() end)
if not handle then return finish("cannot start " .. adapter.command) end

local seq, buffer, done = 0, "", false
local function send(command, arguments)
  seq = seq + 1
  local body = vim.json.encode({ seq = seq, type = "request", command = command, arguments = arguments or vim.empty_dict() })
  stdin:write("Content-Length: " .. #body .. "\r\n\r\n" .. body)
  return seq
end

local pending = {}
local function request(command, arguments, on_body)
  pending[send(command, arguments)] = on_body
end

local function on_message(msg)
  if msg.type == "response" then
    local callback = pending[msg.request_seq]
    pending[msg.request_seq] = nil
    if not msg.success then return finish(msg.command .. ": " .. tostring(msg.message)) end
    if callback then callback(msg.body or {}) end
  elseif msg.event == "initialized" then
    local line = tonumber(os.getenv("ASL_BREAK_LINE"))
    request("setBreakpoints", { source = { path = config.program }, breakpoints = { { line = line } } }, function(body)
      result.breakpoint = body.breakpoints[1]
      request("configurationDone")
    end)
  elseif msg.event == "stopped" then
    local thread = msg.body.threadId
    request("stackTrace", { threadId = thread }, function(trace)
      local top = trace.stackFrames[1]
      request("evaluate", { expression = "$", frameId = top.id, context = "repl" }, function(value)
        table.insert(result.stops, { reason = msg.body.reason, name = top.name, line = top.line, input = value.result })
        request("continue", { threadId = thread })
      end)
    end)
  elseif msg.event == "exited" then
    result.exitCode = msg.body.exitCode
  elseif msg.event == "terminated" then
    result.ok = true
    done = true
    request("disconnect", { terminateDebuggee = true }, function() end)
  end
end

stdout:read_start(function(read_err, chunk)
  if read_err or not chunk then return end
  buffer = buffer .. chunk
  while true do
    local header_end = buffer:find("\r\n\r\n", 1, true)
    if not header_end then break end
    local length = tonumber(buffer:sub(1, header_end):match("Content%-Length: (%d+)"))
    if #buffer < header_end + 3 + length then break end
    local body = buffer:sub(header_end + 4, header_end + 3 + length)
    buffer = buffer:sub(header_end + 4 + length)
    vim.schedule(function() on_message(vim.json.decode(body)) end)
  end
end)

request("initialize", { adapterID = "asl", clientID = "neovim", linesStartAt1 = true, columnsStartAt1 = true }, function()
  request("launch", config)
end)
vim.wait(30000, function() return done end, 20)
if not done then return finish("timed out") end
vim.wait(200)
finish()
