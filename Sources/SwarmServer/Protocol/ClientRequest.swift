// A JSON-mode request line: `{"id": ANY, "line": "/claim #3"}`.
import Foundation
import SwarmDomain

struct ClientRequest: Decodable {
    let id: JSONValue?
    let line: String

    /// Only the id of a line that is not a whole request, so its error can still be matched.
    private struct IDOnly: Decodable { let id: JSONValue? }

    /// The request, or the error with whatever id the line carried.
    static func decode(_ text: String) -> Result<ClientRequest, BadRequest> {
        let data = Data(text.utf8)
        do {
            return .success(try JSONDecoder().decode(ClientRequest.self, from: data))
        } catch {
            let id = (try? JSONDecoder().decode(IDOnly.self, from: data))?.id
            return .failure(BadRequest(id: id, error: SwarmError("bad-json", "expected {\"id\": ANY, \"line\": \"/command …\"}")))
        }
    }

    struct BadRequest: Error {
        let id: JSONValue?
        let error: SwarmError
    }
}
