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
-- ARGV[3] this decision's member: unique per decision, so a decision that gave up can be
--         rolled back (ZREM) and one that is sent twice (a client replaying it) counts once
-- Returns { 1 if admitted else 0, requests in the window after the decision,
--           microseconds until a request would be admitted (0 when admitted) }.
-- If the server's clock steps back, entries from "the future" stay counted until it catches
-- up: a clock change can delay admissions, never let a burst through.
local key = KEYS[1]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local member = ARGV[3]

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

-- The same decision again (sent twice): it was admitted once, and stays counted once.
if redis.call('ZSCORE', key, member) then
  return { 1, count, 0 }
end

if count < limit then
  count = count + 1
  redis.call('ZADD', key, string.format('%.0f', now), member)
  redis.call('PEXPIRE', key, ttl)
  return { 1, count, 0 }
end

local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
redis.call('PEXPIRE', key, ttl)
return { 0, count, tonumber(oldest[2]) + window - now }
`;

/**
 * Takes back the slot of a decision that gave up (its deadline passed) but was, or may still
 * be, admitted: KEYS[1] the sliding log, ARGV[1] the decision's member.
 */
export const ROLLBACK_SCRIPT = "return redis.call('ZREM', KEYS[1], ARGV[1])";

/** SHA-1 (hex) of {@link SLIDING_WINDOW_SCRIPT}: the name Redis caches the script under. */
export const SLIDING_WINDOW_SCRIPT_SHA1 = "a39b552aeb1cd782c034fb1f075fdc06c8232510";
