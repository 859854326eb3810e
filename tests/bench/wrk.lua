-- wrk script of `tests/bench/wrk.py`: each thread sends its share of the requests listed in a file
-- (method, path, cookie, form body; tab-separated), round robin, and counts responses of another status.
-- Arguments after `--`: the list's file, wrk's thread count, the expected status.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local count = tonumber(args[2])
  expected = tonumber(args[3])
  prepared = {}
  local index = 0
  local lines = {}
  for line in io.lines(args[1]) do table.insert(lines, line) end
  for _, line in ipairs(lines) do
    -- each thread its share of the list (all of it when the list is shorter than the threads)
    if #lines < count or index % count == id then
      local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
      local headers = {}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if body == "" then
        body = nil
      else
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      end
      table.insert(prepared, wrk.format(method, path, headers, body))
    end
    index = index + 1
  end
  sent = 0
  unexpected = 0
end

function request()
  sent = sent + 1
  return prepared[(sent - 1) % #prepared + 1]
end

function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local other = 0
  for _, thread in ipairs(threads) do other = other + thread:get("unexpected") end
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d %.0f %.0f %.0f\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, other,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
