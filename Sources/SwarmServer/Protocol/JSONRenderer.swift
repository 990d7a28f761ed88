// JSON mode: one object per line, `type` is `reply` or `event`; replies echo the request's `id`.
import SwarmDomain

enum JSONRenderer {
    static func reply(_ r: Reply, command: String?, id: JSONValue?) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "reply")
        // A request without an id (or with null) is answered, but with no id to echo.
        if let id, id != .null { w.field("id", id) }
        w.field("ok", r.ok)
        if let command { w.field("command", command) }
        if let e = r.error {
            w.field("code", e.code)
            w.field("message", e.message)
        } else {
            w.field("message", r.message)
        }
        if !r.lines.isEmpty {
            w.key("lines")
            w.beginArray()
            for l in r.lines { w.string(l) }
            w.endArray()
        }
        if !r.data.isEmpty {
            w.key("data")
            w.value(.object(r.data.object))
        }
        w.endObject()
        w.bytes.append(contentsOf: TextRenderer.crlf)
        return w.bytes
    }

    static func event(_ e: Event) -> [UInt8] {
        var w = JSONWriter(capacity: 160 + e.text.utf8.count)
        w.beginObject()
        w.field("type", "event")
        w.field("event", e.name)
        if let t = e.ticket { w.field("ticket", t.value) }
        if let c = e.comment { w.field("comment", c.value) }
        if let a = e.actor { w.field("actor", a) }
        if e.isFromBot { w.field("bot", true) }
        if e.isHistory { w.field("history", true) }
        w.field("at", TimeText.iso(e.at))
        w.field("text", e.text)
        for k in e.fields.keys.sorted() { w.field(k, e.fields[k]!) }
        w.endObject()
        w.bytes.append(contentsOf: TextRenderer.crlf)
        return w.bytes
    }

    static func notice(_ text: String) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("type", "event")
        w.field("event", "server.notice")
        w.field("text", text)
        w.endObject()
        w.bytes.append(contentsOf: TextRenderer.crlf)
        return w.bytes
    }
}
