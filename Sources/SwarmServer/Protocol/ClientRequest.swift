// A JSON-mode request line: `{"id": ANY, "line": "/claim #3"}`.
import Foundation
import SwarmDomain

struct ClientRequest: Decodable {
    let id: JSONValue?
    let line: String

    static func decode(_ text: String) -> Result<ClientRequest, SwarmError> {
        do {
            return .success(try JSONDecoder().decode(ClientRequest.self, from: Data(text.utf8)))
        } catch {
            return .failure(SwarmError("bad-json", "expected {\"id\": ANY, \"line\": \"/command …\"}"))
        }
    }
}
