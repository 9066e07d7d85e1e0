/**
 * The Lua script behind `RedisRateLimitStore`: one exact sliding-window decision per call,
 * run atomically on the Redis server with the server's clock. Kept apart from the store so it
 * can be read (and reviewed) as Lua; its SHA-1 is precomputed for EVALSHA and checked by a test.
 */
export const SLIDING_WINDOW_SCRIPT = `-- One rate-limit decision, atomically: evict, count, admit, expire.
-- KEYS[1] the sliding log of one agent on one connector: a sorted set whose scores are the
--         admission times, in microseconds of the Redis server's clock.
-- ARGV[1] the window, in microseconds (an integer >= 1)
-- ARGV[2] the limit (an integer >= 1)
-- Returns { 1 if admitted else 0, requests in the window after the decision,
--           microseconds until a request would be admitted (0 when admitted) }.
-- If the server's clock steps back, entries from "the future" stay counted until it catches
-- up: a clock change can delay admissions, never let a burst through.
local key = KEYS[1]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%.0f', now - window))
local count = redis.call('ZCARD', key)
if count > limit then
  -- The limit shrank since these were admitted: keep the newest \`limit\` of them.
  redis.call('ZREMRANGEBYRANK', key, 0, count - limit - 1)
  count = limit
end
-- The newest entry leaves the window at most \`window\` from now: so can the key.
local ttl = math.ceil(window / 1000)

if count < limit then
  count = count + 1
  -- Requests at the same microsecond are distinct members (the count tells them apart);
  -- NX guarantees nothing is overwritten, even after the clock stepped back.
  local score = string.format('%.0f', now)
  local member = score .. '-' .. count
  while redis.call('ZADD', key, 'NX', score, member) == 0 do
    member = member .. '+'
  end
  redis.call('PEXPIRE', key, ttl)
  return { 1, count, 0 }
end

local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
redis.call('PEXPIRE', key, ttl)
return { 0, count, tonumber(oldest[2]) + window - now }
`;

/** SHA-1 (hex) of {@link SLIDING_WINDOW_SCRIPT}: the name Redis caches the script under. */
export const SLIDING_WINDOW_SCRIPT_SHA1 = "f1b3550e0c3e4f65bdafbdb46d313b14f847ad2d";
