namespace MessagingChannelUsage.Store.Redis;

/// <summary>
/// The Lua scripts of the Redis store. Each script touches keys of ONE slot only (one channel's
/// keys, tagged {channelId}, or the schedule's keys, tagged {disable}), so it runs unchanged on a
/// Redis Cluster. Scripts that read a session or end-user key named inside another key build it
/// from a prefix argument of the same channel: same hash tag, same slot (documented in docs/redis.md).
/// Change messages are PUBLISHed and change events XADDed inside the script, so a write, its
/// announcement and its change event never part.
/// Session statuses 7 (Ended) and 8 (Error) are the closed ones (Model/Picklists.cs).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// Change stream (domain.md §10, docs/redis.md), shared by the four record writes below: the
    /// change event is XADDed by the same script as the write, so the two commit together or not
    /// at all (a crash can neither lose nor duplicate an event). The stream is the one of the
    /// channel's slot (RedisChangeStreams), trimmed to the retention on every append; its ids are
    /// the server's commit time. before: the record's pairs before the write (nil on create);
    /// first: index in ARGV of the record's pairs after it. Entry: _prev (the id of the entry
    /// before it, so a reader can tell that entries after its position were trimmed: Redis's
    /// max-deleted-entry-id does not count trims), _ch, _obj (C/U), _new (1/0), _chg
    /// (comma-separated encoded names that differ), then the record's pairs.
    /// </summary>
    private const string AppendChange = """
        local function last_id(stream)
          if redis.call('EXISTS', stream) == 0 then return '0-0' end
          local info = redis.call('XINFO', 'STREAM', stream)
          for i = 1, #info, 2 do
            if info[i] == 'last-generated-id' then return info[i + 1] end
          end
          return '0-0'
        end

        local function append_change(stream, retention_ms, channel_id, object, before, first)
          local prev = last_id(stream)
          local t = redis.call('TIME')
          local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
          local changed = {}
          if before then
            local old = {}
            for i = 1, #before, 2 do old[before[i]] = before[i + 1] end
            old['ver'] = nil
            for i = first, #ARGV, 2 do
              if old[ARGV[i]] ~= ARGV[i + 1] then changed[#changed + 1] = ARGV[i] end
              old[ARGV[i]] = nil
            end
            for name, _ in pairs(old) do changed[#changed + 1] = name end
          end
          local entry = { '_prev', prev, '_ch', channel_id, '_obj', object, '_new', before and '0' or '1', '_chg', table.concat(changed, ',') }
          for i = first, #ARGV do entry[#entry + 1] = ARGV[i] end
          local min_id = math.max(0, now_ms - tonumber(retention_ms))
          redis.call('XADD', stream, 'MINID', min_id, '*', unpack(entry))
        end

        """;

    /// <summary>KEYS: channel, change stream. ARGV: changes channel, channel id, retention ms, field/value pairs. → 1, or -1 when it exists.</summary>
    public const string InsertChannel = AppendChange + """
        if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
        redis.call('HSET', KEYS[1], 'ver', 1, unpack(ARGV, 4))
        redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':1')
        append_change(KEYS[2], ARGV[3], ARGV[2], 'C', nil, 4)
        return 1
        """;

    /// <summary>
    /// KEYS: channel, change stream. ARGV: changes, channel id, expected sms, retention ms, field/value pairs.
    /// → new version, -1 missing, -2 stale.
    /// </summary>
    public const string ReplaceChannel = AppendChange + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        if redis.call('HGET', KEYS[1], 'sms') ~= ARGV[3] then return -2 end
        local before = redis.call('HGETALL', KEYS[1])
        local v = redis.call('HINCRBY', KEYS[1], 'ver', 1)
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'ver', v, unpack(ARGV, 5))
        redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':' .. v)
        append_change(KEYS[2], ARGV[4], ARGV[2], 'C', before, 5)
        return v
        """;

    /// <summary>
    /// KEYS: channel, usage key of the type, the three usage keys, change stream. ARGV: changes,
    /// channel id, retention ms, fields. → new version, -1 no channel, -2 type taken, -3 three usages already.
    /// </summary>
    public const string InsertUsage = AppendChange + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
        if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
        if redis.call('EXISTS', KEYS[3], KEYS[4], KEYS[5]) >= 3 then return -3 end
        redis.call('HSET', KEYS[2], unpack(ARGV, 4))
        local v = redis.call('HINCRBY', KEYS[1], 'ver', 1)
        redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':' .. v)
        append_change(KEYS[6], ARGV[3], ARGV[2], 'U', nil, 4)
        return v
        """;

    /// <summary>
    /// KEYS: channel, usage, change stream. ARGV: changes, channel id, usage id, expected sms,
    /// retention ms, fields. → version, -1 missing, -2 stale.
    /// </summary>
    public const string ReplaceUsage = AppendChange + """
        if redis.call('HGET', KEYS[2], 'id') ~= ARGV[3] then return -1 end
        if redis.call('HGET', KEYS[2], 'sms') ~= ARGV[4] then return -2 end
        local before = redis.call('HGETALL', KEYS[2])
        redis.call('DEL', KEYS[2])
        redis.call('HSET', KEYS[2], unpack(ARGV, 6))
        local v = redis.call('HINCRBY', KEYS[1], 'ver', 1)
        redis.call('PUBLISH', ARGV[1], ARGV[2] .. ':' .. v)
        append_change(KEYS[3], ARGV[5], ARGV[2], 'U', before, 6)
        return v
        """;

    /// <summary>
    /// KEYS: one change stream. ARGV: after id ('0-0' = from the start), count (0 = only the last id).
    /// → { last generated id, entries after the id (at most count) }; a missing stream reads as
    /// empty. Entries after the id that were trimmed show as a first entry whose _prev is not the
    /// id, or as none while the last id is beyond it (RedisChangeLog checks; INVALID_REPLAY_ID).
    /// </summary>
    public const string ReadChanges = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return { '0-0', {} } end
        local last = '0-0'
        local info = redis.call('XINFO', 'STREAM', KEYS[1])
        for i = 1, #info, 2 do
          if info[i] == 'last-generated-id' then last = info[i + 1] end
        end
        if tonumber(ARGV[2]) == 0 then return { last, {} } end
        return { last, redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', tonumber(ARGV[2])) }
        """;

    /// <summary>KEYS: channel, usage Conversation, MessagingEngagement, MJ. → four field/value arrays (one round trip).</summary>
    public const string LoadChannel = """
        return { redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]),
                 redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4]) }
        """;

    /// <summary>
    /// The expected-state check and every effect of one message, atomically.
    /// KEYS: channel, end user, new session, sessions, open sessions[, idempotency record].
    /// ARGV: check (1/0), expected consent, expected open session id, consent to set, origin to open,
    /// new end-user id, new session id, now ticks, platform key, channel id, preferred language to
    /// record ('' = none / null / unchanged), end-user changes channel (the end-user key is
    /// PUBLISHed there when the hash changed, so every instance's end-user near cache drops it),
    /// record prefix, record names the session (1/0), record time to live (ms).
    /// When KEYS[6] is given and the effects apply, the message's idempotency record is SET there
    /// (issue 12, IdempotencyRecordWrite): the prefix followed by the protobuf fields end_user_id
    /// (11, tag 0x5A), session_id (5, tag 0x2A; only if ARGV[14] is 1 and there is one) and
    /// consent_status (7, tag 0x38; only if the end user has one).
    /// → { applied (1/0, or -1 no channel), end-user id, consent, open session id, open session status, preferred language,
    /// announced (1 when the end-user key was PUBLISHed; absent on a conflict) }.
    /// Consent changes are ordered by time: the end user keeps the time of its last consent change
    /// ("ct", ticks) and an older one is skipped (the rest of the effects still apply), so a write
    /// that reaches Redis late (its caller timed out, another instance acknowledged a newer change
    /// meanwhile) never overrides the newer change. On a tie an opt-out wins: compliance first.
    /// Ticks are 18-digit strings compared by length then text (Lua numbers lose them past 2^53).
    /// </summary>
    public const string Apply = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return { -1 } end
        local cur = redis.call('HMGET', KEYS[2], 'id', 'cs', 'sid', 'sst', 'ct', 'pl')
        local id, cs, sid, sst, ct, pl = cur[1] or '', cur[2] or '', cur[3] or '', cur[4] or '', cur[5] or '', cur[6] or ''
        local open = ''
        if sid ~= '' and sst ~= '' and sst ~= '7' and sst ~= '8' then open = sid end
        if ARGV[1] == '1' and (cs ~= ARGV[2] or open ~= ARGV[3]) then return { 0, id, cs, sid, sst, pl } end
        local changes = {}
        if id == '' then
          id = ARGV[6]
          changes[#changes + 1] = 'id'
          changes[#changes + 1] = id
        end
        local t = ARGV[8]
        if ARGV[4] ~= '' and (ct == '' or #t > #ct or (#t == #ct and (t > ct or (t == ct and ARGV[4] == '4')))) then
          if ARGV[4] ~= cs then
            cs = ARGV[4]
            changes[#changes + 1] = 'cs'
            changes[#changes + 1] = cs
          end
          changes[#changes + 1] = 'ct'
          changes[#changes + 1] = t
        end
        if ARGV[11] ~= '' and ARGV[11] ~= pl then
          pl = ARGV[11]
          changes[#changes + 1] = 'pl'
          changes[#changes + 1] = pl
        end
        if ARGV[5] ~= '' and open == '' then
          sid = ARGV[7]
          sst = '1'
          redis.call('HSET', KEYS[3], 'id', sid, 'ch', ARGV[10], 'eu', id, 'pk', ARGV[9], 'st', sst, 'or', ARGV[5], 'start', ARGV[8])
          redis.call('ZADD', KEYS[4], 0, sid)
          redis.call('ZADD', KEYS[5], 0, sid)
          changes[#changes + 1] = 'sid'
          changes[#changes + 1] = sid
          changes[#changes + 1] = 'sst'
          changes[#changes + 1] = sst
        end
        if #changes > 0 then
          redis.call('HSET', KEYS[2], unpack(changes))
          redis.call('PUBLISH', ARGV[12], KEYS[2]) -- end-user near caches (issue 12)
        end
        if KEYS[6] then
          local function varint(n)
            local out = ''
            while n >= 128 do
              out = out .. string.char(n % 128 + 128)
              n = math.floor(n / 128)
            end
            return out .. string.char(n)
          end
          local record = ARGV[13] .. string.char(0x5A) .. varint(#id) .. id
          if ARGV[14] == '1' and sid ~= '' then record = record .. string.char(0x2A) .. varint(#sid) .. sid end
          if cs ~= '' then record = record .. string.char(0x38) .. varint(tonumber(cs)) end
          redis.call('SET', KEYS[6], record, 'PX', ARGV[15])
        end
        return { 1, id, cs, sid, sst, pl, #changes > 0 and 1 or 0 }
        """;

    /// <summary>
    /// KEYS: session, open sessions. ARGV: status, end reason ('' none), now ticks, end-user key prefix,
    /// end-user changes channel (the end-user key is PUBLISHed when its pointer changes).
    /// Closing (7/8) sets end and reason, leaves the open set and clears the end user's pointer.
    /// → { 1 changed / 0 unchanged, session fields }, { -1 } missing, { -2 } closed session reopened.
    /// </summary>
    public const string UpdateSessionStatus = """
        local st = redis.call('HGET', KEYS[1], 'st')
        if not st then return { -1 } end
        if st == ARGV[1] then return { 0, redis.call('HGETALL', KEYS[1]) } end
        if st == '7' or st == '8' then return { -2 } end
        local sid = redis.call('HGET', KEYS[1], 'id')
        local euk = ARGV[4] .. redis.call('HGET', KEYS[1], 'pk')
        local pointed = redis.call('HGET', euk, 'sid') == sid
        if ARGV[1] == '7' or ARGV[1] == '8' then
          redis.call('HSET', KEYS[1], 'st', ARGV[1], 'end', ARGV[3])
          if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'reason', ARGV[2]) else redis.call('HDEL', KEYS[1], 'reason') end
          redis.call('ZREM', KEYS[2], sid)
          if pointed then redis.call('HDEL', euk, 'sid', 'sst') end
        else
          redis.call('HSET', KEYS[1], 'st', ARGV[1])
          if pointed then redis.call('HSET', euk, 'sst', ARGV[1]) end
        end
        if pointed then redis.call('PUBLISH', ARGV[5], euk) end -- end-user near caches (issue 12)
        return { 1, redis.call('HGETALL', KEYS[1]) }
        """;

    /// <summary>
    /// Ends up to ARGV[5] open sessions of one channel; each one only if it is still open (a
    /// compare-and-set per session), so concurrent callers never end a session twice.
    /// KEYS: open sessions. ARGV: end reason, now ticks, session key prefix, end-user key prefix, batch,
    /// end-user changes channel (each end-user key whose pointer is cleared is PUBLISHed).
    /// → { ended by this call, still in the open set }.
    /// </summary>
    public const string EndOpenSessions = """
        local ids = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[5]) - 1)
        local ended = 0
        for _, sid in ipairs(ids) do
          local sk = ARGV[3] .. sid
          local st = redis.call('HGET', sk, 'st')
          if st and st ~= '7' and st ~= '8' then
            redis.call('HSET', sk, 'st', '7', 'end', ARGV[2], 'reason', ARGV[1])
            ended = ended + 1
            local euk = ARGV[4] .. redis.call('HGET', sk, 'pk')
            if redis.call('HGET', euk, 'sid') == sid then
              redis.call('HDEL', euk, 'sid', 'sst')
              redis.call('PUBLISH', ARGV[6], euk) -- end-user near caches (issue 12)
            end
          end
          redis.call('ZREM', KEYS[1], sid)
        end
        return { ended, redis.call('ZCARD', KEYS[1]) }
        """;

    /// <summary>KEYS: due, entries. ARGV: usage id, due score (Unix ms, rounded up), entry text.</summary>
    public const string Schedule = """
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        return 1
        """;

    /// <summary>
    /// KEYS: due, entries. ARGV: now (Unix ms), max, lease end (Unix ms). Each due entry is re-scored
    /// to the lease end before it is returned, so no other caller sees it until the lease ends
    /// (atomic claim). → { usage id, entry text, ... }.
    /// </summary>
    public const string ClaimDue = """
        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        local out = {}
        for _, id in ipairs(ids) do
          local e = redis.call('HGET', KEYS[2], id)
          if e then
            redis.call('ZADD', KEYS[1], ARGV[3], id)
            out[#out + 1] = id
            out[#out + 1] = e
          else
            redis.call('ZREM', KEYS[1], id)
          end
        end
        return out
        """;

    /// <summary>
    /// KEYS: due, entries. ARGV: usage id, entry text. Removes the entry only if it is still that
    /// text (completing a claim, or cancelling after the usage left Disabled; a newer entry stays).
    /// </summary>
    public const string RemoveUnlessReplaced = """
        if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """;

    /// <summary>KEYS: hash. ARGV: field, expected value ('' = absent), new value ('' = delete). → 1 done, 0 value differed.</summary>
    public const string CompareAndSetField = """
        local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ''
        if cur ~= ARGV[2] then return 0 end
        if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
        return 1
        """;
}
