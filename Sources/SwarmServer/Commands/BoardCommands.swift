// Looking at the whole board: /board /list /stats /export.
import SwarmDomain

let boardCommands: [CommandSpec] = [
    // /board
    CommandSpec("board", role: .observer,
                summary: "The kanban: new doing blocked review resolved, with counts, WIP limits and SLA state.",
                details: ["Each column is a line `DOING 3 (limit 10; 3 per agent)`, then one line per ticket: id, priority, age, owner, SLA (ok|warn|breached), title. Fits 80 columns; at most 15 tickets per column, then `… and N more: /list status:S`.",
                          "JSON data: `columns` (object per status: `count`, `limit`, `tickets` — the first 15)."]) { ctx, _ throws(SwarmError) in
        // Everyone types /board during an incident: its pass over the tickets (1–2 ms at 100,000)
        // runs beside the loop, not once per asker in everyone's latency.
        let policy = ctx.server.config.policy, now = ctx.now
        ctx.server.replyBesideLoop(&ctx) { board in
            var r = Reply()
            var columns: [String: JSONValue] = [:]
            let cols = BoardColumns(board, showing: BoardText.maxPerColumn)
            for status in TicketStatus.columns {
                let count = cols.count(status)
                let ts = cols.first(status).map { board.tickets[$0.value - 1] }
                var limits: [String] = []
                if let l = policy.wipPerColumn[status] { limits.append("limit \(l)") }
                if status == .doing, let l = policy.wipPerAgent { limits.append("\(l) per agent") }
                r.lines.append(status.rawValue.uppercased() + " \(count)" + (limits.isEmpty ? "" : " (" + limits.joined(separator: "; ") + ")"))
                // A long column (resolved tickets nobody closed) must not scroll the rest away.
                r.lines += ts.map { "  " + BoardText.line($0, now: now, policy: policy) }
                if count > ts.count {
                    r.lines.append("  … and \(count - ts.count) more: /list status:\(status)")
                }
                columns[status.rawValue] = .object(["count": .int(count),
                                                    "limit": policy.wipPerColumn[status].map { .int($0) } ?? .null,
                                                    "tickets": .array(ts.map { BoardText.json($0, now: now, policy: policy) })])
            }
            r.data = ["columns": .object(columns)]
            let open = TicketStatus.open.reduce(0) { $0 + cols.count($1) }
            r.message = "board: \(open) open"
            return r
        }
    },

    // /list [FILTER…] [limit:N] [after:#N]
    CommandSpec("list", [.text("FILTER…", optional: true)], role: .observer,
                summary: "Tickets matching every filter, by priority then age (closed only with status:closed), 50 at a time.",
                details: ["Filters: `mine` `unassigned` `owner:NAME` `P1`..`P4` `tag:T` `status:S` `overdue` (an SLA breached) `stale` (no activity for --stale-after) and free words matched in titles.",
                          "Pages: `limit:N` shows up to N (1 to 1000, default 50); when more match, the last line is `… and N more: /list FILTER… after:#K`, the command for the next page (`after:#K` continues after ticket #K's place).",
                          "Lines: id, priority, age, status, owner, SLA, title. Reply `OK N tickets` (every match), `OK N tickets, showing A-B` for part of them. JSON data: `tickets` (this page), `total`, `next` (the ticket for `after:`, null at the end)."]) { ctx, args throws(SwarmError) in
        let policy = ctx.server.config.policy, now = ctx.now
        // Read here, so a bad filter or cursor is refused at once; the listing runs beside the loop.
        let filter = try TicketFilter(args.text(0), me: ctx.agent, now: now, policy: policy)
        try filter.page.checkCursor(ctx.board)
        ctx.server.replyBesideLoop(&ctx) { board in
            Reply(listing: board, .board, of: "/list", words: filter.page, matching: filter.matches,
                  line: { BoardText.line($0, now: now, policy: policy, status: true, width: 78) },
                  json: { BoardText.json($0, now: now, policy: policy) })
        }
    },

    // /stats
    CommandSpec("stats", role: .observer,
                summary: "Counts by status and priority, time to first response and to resolve, SLA breaches, satisfaction, load.",
                details: ["JSON data: `by_status`, `by_priority`, `first_response_s` / `resolve_s` (`median`, `p90`, `n`), `sla_breaches`, `satisfaction`, `load`."]) { ctx, _ throws(SwarmError) in
        let policy = ctx.server.config.policy, now = ctx.now
        ctx.server.replyBesideLoop(&ctx) { board in
            Reply(stats: BoardStats(board: board, policy: policy, at: now), ticketCount: board.ticketCount)
        }
    },

    // /export #N [^A..^B]
    CommandSpec("export", [.ticket(), .word("^A..^B", optional: true)], role: .observer,
                summary: "A ticket's whole timeline as Markdown for incident review (optionally only ^A..^B).",
                details: ["Data lines are the Markdown: title, facts, then `- time **actor** …` per step (opened, comments with ^ids, claims, handoffs with notes, status changes, resolution). JSON data: `markdown`.",
                          "A range keeps the steps from comment ^A to comment ^B; both must be this ticket's comments (`ERR no-such-comment`), A before B (`ERR bad-range`)."]) { ctx, args throws(SwarmError) in
        let t = try ctx.ticket(args.ticket(0)!)
        var range: ClosedRange<Int>?
        if let r = args.text(1) {
            let parts = r.split(separator: ".", omittingEmptySubsequences: true)
            guard r.contains(".."), parts.count == 2, let a = CommentID(parsing: parts[0]), let b = CommentID(parsing: parts[1]) else {
                throw SwarmError("usage", "a range is ^A..^B, e.g. ^12..^19")
            }
            guard a <= b else { throw SwarmError("bad-range", "^\(a.value)..^\(b.value) runs backwards; write ^\(b.value)..^\(a.value)") }
            for c in [a, b] where !t.comments.contains(where: { $0.id == c }) {
                throw SwarmError("no-such-comment", "^\(c.value) is not a comment of \(t.id)")
            }
            range = a.value...b.value
        }
        // A hot incident's ticket has thousands of comments: 20,000 took 66 ms to render on the
        // loop (README, Board commands). `t` is this ticket as asked, shared until the loop changes it.
        let now = ctx.now, policy = ctx.server.config.policy, json = ctx.session.format == .json
        ctx.server.replyBesideLoop(&ctx) { [range] _ in
            var r = Reply()
            r.lines = TimelineExport.markdown(t, comments: range, now: now, policy: policy)
            r.data = ["ticket": .int(t.id.value)]
            if json { r.data["markdown"] = .string(r.lines.joined(separator: "\n")) }
            r.message = "exported \(t.id): \(r.lines.count) lines"
            return r
        }
    },
]

enum TimelineExport {
    static func markdown(_ t: Ticket, comments range: ClosedRange<Int>?, now: Timestamp, policy: Policy) -> [String] {
        var out = ["# \(t.id) \(t.priority): \(t.title)", "",
                   "- status: \(t.status)", "- opened by \(t.openedBy) at \(TimeText.iso(t.openedAt))",
                   "- owner: \(t.owner ?? "none")"]
        if let r = t.resolution { out.append("- resolution: \(r)") }
        let sla = SLA.status(of: t, policy: policy, at: now)
        out.append("- SLA: first response \(sla.firstResponse.state), resolution \(sla.resolution.state)")
        if let r = t.rating { out.append("- rating: \(r.score)/5" + (r.comment.map { " \($0)" } ?? "")) }
        out += ["", "## Timeline", ""]
        var entries = t.timeline[...]
        if let range {
            // From the first comment in the range to the last: the steps between stay with them.
            let first = t.timeline.firstIndex { ($0.comment?.value).map { $0 >= range.lowerBound } ?? false }
            let last = t.timeline.lastIndex { ($0.comment?.value).map { $0 <= range.upperBound } ?? false }
            if let first, let last, first <= last { entries = t.timeline[first...last] } else { entries = [] }
        }
        for e in entries {
            let when = TimeText.iso(e.at)
            if let c = e.comment {
                out.append("- \(when) \(c) **\(e.actor)**: \(e.text)")
            } else {
                out.append("- \(when) **\(e.actor)** `\(e.kind)`: \(e.text)")
            }
        }
        return out
    }
}

extension Reply {
    /// /stats' reply, from the numbers counted off the loop.
    init(stats s: BoardStats, ticketCount: Int) {
        self.init()
        func spans(_ xs: Percentiles) -> (String, JSONValue) {
            guard let m = xs.median, let p = xs.p90 else { return ("none yet", .null) }
            return ("median \(m.rough), p90 \(p.rough) (n=\(xs.count))",
                    .object(["median": .int(Int(m.millis / 1000)), "p90": .int(Int(p.millis / 1000)), "n": .int(xs.count)]))
        }
        let (fr, frJSON) = spans(s.firstResponse), (rs, rsJSON) = spans(s.resolve)
        let loadNames = s.load.keys.sorted()
        self.lines = [
            "status: " + TicketStatus.allCases.map { "\($0) \(s.byStatus[$0] ?? 0)" }.joined(separator: ", "),
            "open by priority: " + Priority.allCases.map { "\($0) \(s.byPriority[$0] ?? 0)" }.joined(separator: ", "),
            "first response: \(fr)",
            "resolve: \(rs)",
            "SLA breaches: \(s.responseBreaches + s.resolutionBreaches) (first response \(s.responseBreaches), resolution \(s.resolutionBreaches))",
            "satisfaction: " + (s.averageRating.map { "\(Double(Int($0 * 10)) / 10)/5 (n=\(s.ratingCount))" } ?? "no ratings yet"),
            "load: " + (loadNames.isEmpty ? "nobody owns an open ticket" : loadNames.map { "\($0) \(s.load[$0]!.open) (doing \(s.load[$0]!.doing))" }.joined(separator: ", ")),
        ]
        self.data = [
            "by_status": .object(Dictionary(uniqueKeysWithValues: TicketStatus.allCases.map { ($0.rawValue, JSONValue.int(s.byStatus[$0] ?? 0)) })),
            "by_priority": .object(Dictionary(uniqueKeysWithValues: Priority.allCases.map { ($0.description, JSONValue.int(s.byPriority[$0] ?? 0)) })),
            "first_response_s": frJSON, "resolve_s": rsJSON,
            "sla_breaches": .object(["first_response": .int(s.responseBreaches), "resolution": .int(s.resolutionBreaches)]),
            "satisfaction": s.averageRating.map { .double($0) } ?? .null,
            "load": .object(Dictionary(uniqueKeysWithValues: loadNames.map { ($0, JSONValue.object(["open": .int(s.load[$0]!.open), "doing": .int(s.load[$0]!.doing)])) })),
        ]
        self.message = "stats for \(ticketCount) ticket\(ticketCount == 1 ? "" : "s")"
    }
}
