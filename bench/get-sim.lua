-- wrk script: GET /api/v1/sims/{iccid} for random SIMs of the fleet made by
-- scripts/gen-fleet.sh (row i -> ICCID "89441" .. 14-digit i .. Luhn).
local token = os.getenv("AIRLOCK_TOKEN")
local fleet = tonumber(os.getenv("FLEET") or "1000000")

local function luhn(s)
	local sum, dbl = 0, true
	for i = #s, 1, -1 do
		local d = tonumber(s:sub(i, i))
		if dbl then
			d = d * 2
			if d > 9 then d = d - 9 end
		end
		sum = sum + d
		dbl = not dbl
	end
	return (10 - sum % 10) % 10
end

function init(args)
	math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
	local body = string.format("89441%014d", math.random(0, fleet - 1))
	return wrk.format("GET", "/api/v1/sims/" .. body .. luhn(body),
	    { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
	io.write(string.format("RESULT rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d errors=%d\n",
	    summary.requests / (summary.duration / 1e6),
	    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
	    summary.errors.status, summary.errors.connect + summary.errors.read +
	    summary.errors.write + summary.errors.timeout))
end
