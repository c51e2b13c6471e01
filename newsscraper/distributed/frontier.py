"""The shared frontier's Redis side: keys, leases, heartbeats, recovery, reset.

Every step that must not be torn by a crash is one Lua script (atomic in Redis): pop
into a lease, adopt a dead worker's leases, requeue, leave. Times that are compared
across machines (heartbeat deadlines) come from Redis' clock, never a worker's.

Layout, for ``base = <REDIS_KEY_PREFIX>:<spider>``:

``base:requests``          sorted set, scrapy-redis' priority queue (score = -priority)
``base:dupefilter``        set of request fingerprints (scrapy-redis)
``base:stories``           hash, story claims of ``stories.SharedStoryPipeline``
``base:workers``           sorted set, worker id -> heartbeat deadline
``base:pending:<worker>``  hash, lease token -> ``b"<popped_at> <score>\\n"`` + request:
                           requests the worker's engine still holds
``base:unsaved:<worker>``  the same, for requests done but whose article is not yet in
                           the database (waiting in the store's batch)
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue

logger = logging.getLogger(__name__)

_POP = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if popped[1] == nil then return false end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. popped[2] .. '\\n' .. popped[1])
return popped[1]
"""

# KEYS: dupefilter, queue. ARGV: fingerprint ('' for a request never filtered), score,
# request. Seen and queued in one step: a worker killed between the two would leave a
# request marked seen that no queue holds, lost for every worker.
_PUSH = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

_HEARTBEAT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
"""

_DEAD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
"""

# KEYS: our leases, our unsaved leases. ARGV: tokens.
_UNSAVED = """
for i = 1, #ARGV do
  local value = redis.call('HGET', KEYS[1], ARGV[i])
  if value then
    redis.call('HSET', KEYS[2], ARGV[i], value)
    redis.call('HDEL', KEYS[1], ARGV[i])
  end
end
return true
"""

# KEYS: workers, dead worker's leases, its unsaved leases, our leases. ARGV: dead id.
_ADOPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local deadline = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not deadline or tonumber(deadline) >= now then return false end
redis.call('ZREM', KEYS[1], ARGV[1])
local adopted = 0
for k = 2, 3 do
  local entries = redis.call('HGETALL', KEYS[k])
  for i = 1, #entries, 2 do
    redis.call('HSET', KEYS[4], entries[i], entries[i + 1])
  end
  adopted = adopted + #entries / 2
  redis.call('DEL', KEYS[k])
end
return adopted
"""

# KEYS: queue, our leases, our unsaved leases. ARGV: token, score, request.
_REQUEUE = """
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
return redis.call('HDEL', KEYS[2], ARGV[1]) + redis.call('HDEL', KEYS[3], ARGV[1])
"""

# Others' leases that may still lead somewhere: what their engines hold, and the
# unsaved ones of a worker that missed heartbeats (it may be dead: they would come
# back on recovery). A live worker's unsaved leases settle when it closes.
# KEYS: queue, workers. ARGV: our id, leases prefix, unsaved prefix, suspect margin.
_STATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local queued = redis.call('ZCARD', KEYS[1])
local others, leased = 0, 0
local workers = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #workers, 2 do
  local worker = workers[i]
  if worker ~= ARGV[1] then
    others = others + 1
    leased = leased + redis.call('HLEN', ARGV[2] .. worker)
    if tonumber(workers[i + 1]) < now + tonumber(ARGV[4]) then
      leased = leased + redis.call('HLEN', ARGV[3] .. worker)
    end
  end
end
return {queued, others, leased}
"""

# KEYS: workers, our leases, our unsaved leases, queue, dupefilter, stories. ARGV: our id.
_LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
if redis.call('ZCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[4]) == 0 then
  redis.call('DEL', KEYS[4], KEYS[5], KEYS[6])
  return 1
end
return 0
"""


@dataclass(frozen=True)
class Keys:
    base: str

    @property
    def queue(self) -> str:
        return f"{self.base}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.base}:dupefilter"

    @property
    def stories(self) -> str:
        return f"{self.base}:stories"

    @property
    def workers(self) -> str:
        return f"{self.base}:workers"

    @property
    def pending_prefix(self) -> str:
        return f"{self.base}:pending:"

    @property
    def unsaved_prefix(self) -> str:
        return f"{self.base}:unsaved:"

    def pending(self, worker: str) -> str:
        return f"{self.pending_prefix}{worker}"

    def unsaved(self, worker: str) -> str:
        return f"{self.unsaved_prefix}{worker}"


@dataclass(frozen=True)
class Lease:
    """A leased request as stored in Redis: when it was popped and where it came from."""

    token: str
    popped_at: float
    score: float
    data: bytes

    @classmethod
    def parse(cls, token: bytes | str, value: bytes) -> Lease:
        header, _, data = value.partition(b"\n")
        popped_at, score = header.split(b" ", 1)
        text = token.decode() if isinstance(token, bytes) else token
        return cls(text, float(popped_at), float(score), data)


@dataclass(frozen=True)
class FrontierState:
    queued: int
    other_workers: int
    leased_by_others: int


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue, popped into a lease instead of into thin air."""

    def pop_leased(self, pending_key: str, token: str, popped_at: float) -> Request | None:
        data = self.server.eval(_POP, 2, self.key, pending_key, token, f"{popped_at:.6f}")
        return self.decode(data) if data else None

    def push_unseen(self, request: Request, dupefilter_key: str, fingerprint: str) -> bool:
        """Mark the request seen and queue it, in one step; False (and not queued) when
        it was seen before. An empty ``fingerprint`` queues it unfiltered."""
        data = self._encode_request(request)
        keys = (dupefilter_key, self.key)
        return bool(self.server.eval(_PUSH, 2, *keys, fingerprint, -request.priority, data))

    def decode(self, data: bytes) -> Request:
        return self._decode_request(data)


class Frontier:
    """One worker's view of the shared frontier."""

    def __init__(self, server: Any, keys: Keys, worker: str, timeout: float, beat: float) -> None:
        self.server = server
        self.keys = keys
        self.worker = worker
        self.timeout = timeout
        #: A worker whose deadline is nearer than this has missed two heartbeats.
        self.suspect_margin = timeout - 2 * beat
        self.pending_key = keys.pending(worker)
        self.unsaved_key = keys.unsaved(worker)

    def heartbeat(self) -> bool:
        """Push our deadline forward; True when we were not registered (first beat,
        or declared dead by another worker while we stalled)."""
        added = self.server.eval(_HEARTBEAT, 1, self.keys.workers, self.worker, self.timeout)
        return bool(added)

    def ack(self, tokens: list[str]) -> None:
        if tokens:
            pipe = self.server.pipeline()
            pipe.hdel(self.pending_key, *tokens).hdel(self.unsaved_key, *tokens)
            pipe.execute()

    def mark_unsaved(self, tokens: list[str]) -> None:
        """These requests are done; their articles wait for the database."""
        if tokens:
            self.server.eval(_UNSAVED, 2, self.pending_key, self.unsaved_key, *tokens)

    def dead_workers(self) -> list[str]:
        dead = self.server.eval(_DEAD, 1, self.keys.workers)
        names = [w.decode() if isinstance(w, bytes) else w for w in dead]
        return [name for name in names if name != self.worker]

    def adopt(self, worker: str) -> int | None:
        """Move a dead worker's leases into ours, in one step: how many, or None if it is
        alive again or another worker adopted it first."""
        keys = (
            self.keys.workers,
            self.keys.pending(worker),
            self.keys.unsaved(worker),
            self.pending_key,
        )
        adopted = self.server.eval(_ADOPT, 4, *keys, worker)
        return None if adopted is None else int(adopted)

    def leases_besides(self, known: Collection[str]) -> list[Lease]:
        """Our leases that are not in ``known``: adopted ones, or any a failed requeue
        left behind. A malformed entry (not written by us) is dropped."""
        found = []
        for key in (self.pending_key, self.unsaved_key):
            for token, value in self.server.hgetall(key).items():
                text = token.decode() if isinstance(token, bytes) else str(token)
                if text in known:
                    continue
                try:
                    found.append(Lease.parse(text, value))
                except ValueError:
                    logger.warning("Dropping a malformed lease %r in %s", text, key)
                    self.server.hdel(key, token)
        return found

    def requeue(self, leases: list[Lease]) -> None:
        for lease in leases:
            self.server.eval(
                _REQUEUE,
                3,
                self.keys.queue,
                self.pending_key,
                self.unsaved_key,
                lease.token,
                lease.score,
                lease.data,
            )

    def state(self) -> FrontierState:
        queued, others, leased = self.server.eval(
            _STATE,
            2,
            self.keys.queue,
            self.keys.workers,
            self.worker,
            self.keys.pending_prefix,
            self.keys.unsaved_prefix,
            self.suspect_margin,
        )
        return FrontierState(int(queued), int(others), int(leased))

    def leave(self) -> bool:
        """Unregister and drop our leases (all settled); True when we were the last
        worker of a drained frontier and its keys were deleted."""
        keys = (
            self.keys.workers,
            self.pending_key,
            self.unsaved_key,
            self.keys.queue,
            self.keys.dupefilter,
            self.keys.stories,
        )
        return bool(self.server.eval(_LEAVE, 6, *keys, self.worker))
