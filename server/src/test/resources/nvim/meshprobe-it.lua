-- Neovim's own LSP client (vim.lsp, Neovim 0.7+) against Meshprobe's built jar, for NeovimIT.
-- Reads its parameters from the JSON file named by $MESHPROBE_NVIM_PARAMS, records what Neovim got
-- (diagnostics as vim.diagnostic holds them, the hover text, the server's exit) into params.result
-- as JSON, and quits. Every wait is bounded; the Java side judges the results.
local params = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('MESHPROBE_NVIM_PARAMS')), '\n'))
local out = { ok = false }

local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      code = d.code, source = d.source, severity = d.severity, message = d.message,
    })
  end
  return list
end

-- The seed diagnostic, anywhere (lnum nil), or on line lnum covering the bytes of `livenessProbe` in
-- the buffer as it is now: the publish that follows an edit, whatever the message says.
local function has_seed(bufnr, lnum)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'probe-blocked-by-strict-mtls' then
      if lnum == nil then
        return true
      end
      local line = vim.api.nvim_buf_get_lines(bufnr, lnum, lnum + 1, true)[1]
      if d.lnum == lnum and line:sub(d.col + 1, d.end_col) == 'livenessProbe' then
        return true
      end
    end
  end
  return false
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(params.file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'

  local exited = nil
  local client_id = vim.lsp.start_client({
    name = 'meshprobe',
    cmd = params.cmd,
    root_dir = params.root,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')

  out.initial_wait = vim.wait(params.timeout_ms, function() return has_seed(bufnr, nil) end, 20)
  out.initial = diagnostics(bufnr)

  -- The hover as Neovim shows it: the answer goes through Neovim's own hover handler, which opens the
  -- floating window; what the float holds and how tall it is are recorded. The screen is a common 80
  -- columns wide and tall enough that the float is never cut to fit.
  vim.o.columns = 80
  vim.o.lines = 60
  local function hover_at(position)
    local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = position,
    }, params.timeout_ms)
    local texts, floats = {}, {}
    for _, response in pairs(answers or {}) do
      if response.err then
        table.insert(texts, 'error: ' .. vim.inspect(response.err))
      elseif response.result and response.result.contents then
        local c = response.result.contents
        table.insert(texts, type(c) == 'table' and (c.value or vim.inspect(c)) or tostring(c))
        local float_buf, float_win = vim.lsp.handlers['textDocument/hover'](nil, response.result,
          { method = 'textDocument/hover', client_id = client_id, bufnr = bufnr }, {})
        if float_win and vim.api.nvim_win_is_valid(float_win) then
          table.insert(floats, {
            height = vim.api.nvim_win_get_height(float_win),
            width = vim.api.nvim_win_get_width(float_win),
            lines = vim.api.nvim_buf_get_lines(float_buf, 0, -1, false),
          })
          vim.api.nvim_win_close(float_win, true)
        end
      end
    end
    return texts, floats
  end
  out.hover, out.hover_float = hover_at(params.hover)
  out.hover_inside, out.hover_inside_float = hover_at(params.hover_inside)

  -- An edit typed in Neovim: the container becomes one flow-style line with an emoji before the key.
  -- Neovim sends it as incremental changes in UTF-16 and maps the answer back to byte columns.
  vim.api.nvim_buf_set_lines(bufnr, params.edit.first, params.edit.last, true, params.edit.lines)
  out.edited_wait = vim.wait(params.timeout_ms, function() return has_seed(bufnr, params.edit.first) end, 20)
  out.edited = diagnostics(bufnr)
  out.edited_line = vim.api.nvim_buf_get_lines(bufnr, params.edit.first, params.edit.first + 1, true)[1]

  -- Typing right after the emoji: the change's position is past a surrogate pair in UTF-16, so a
  -- server that counted code points would insert one column too far and rename the container.
  local _, after = out.edited_line:find(params.insert.after, 1, true)
  vim.api.nvim_buf_set_text(bufnr, params.edit.first, after, params.edit.first, after, { params.insert.text })
  out.inserted_wait = vim.wait(params.timeout_ms, function() return has_seed(bufnr, params.edit.first) end, 20)
  out.inserted = diagnostics(bufnr)
  out.inserted_line = vim.api.nvim_buf_get_lines(bufnr, params.edit.first, params.edit.first + 1, true)[1]

  -- The quick fix as an editor applies it: ask for the actions on the reported line, take the
  -- preferred one, resolve its edit (the server computes edits on resolve, against the current text),
  -- apply it to the buffer (Neovim then sends the didChange) and wait for the next publish.
  local seed_line = nil
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == 'probe-blocked-by-strict-mtls' then seed_line = d.lnum end
  end
  assert(seed_line, 'no seed diagnostic left to fix')
  local client = vim.lsp.get_client_by_id(client_id)
  local actions = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = seed_line, character = 0 }, ['end'] = { line = seed_line + 1, character = 0 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, seed_line) },
  }, params.timeout_ms, bufnr)
  assert(actions and not actions.err, 'codeAction failed: ' .. vim.inspect(actions))
  local preferred = nil
  out.actions = {}
  for _, a in ipairs(actions.result or {}) do
    table.insert(out.actions, a.title)
    if a.isPreferred then preferred = a end
  end
  assert(preferred, 'no preferred action among ' .. vim.inspect(out.actions))
  out.preferred = preferred.title
  if not preferred.edit then
    local resolved = client.request_sync('codeAction/resolve', preferred, params.timeout_ms, bufnr)
    assert(resolved and not resolved.err and resolved.result, 'codeAction/resolve failed: ' .. vim.inspect(resolved))
    preferred = resolved.result
  end
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  out.fixed_wait = vim.wait(params.timeout_ms, function() return not has_seed(bufnr, nil) end, 20)
  out.fixed = diagnostics(bufnr)

  vim.lsp.stop_client(client_id)
  out.exit_wait = vim.wait(params.timeout_ms, function() return exited ~= nil end, 20)
  out.exit = exited
end)

out.ok = ok
if not ok then out.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(out) }, params.result)
vim.cmd('qall!')
