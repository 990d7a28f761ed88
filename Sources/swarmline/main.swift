// swarmline: flags → config → server. Exit 0 after a clean stop, 2 for bad usage or start-up.
import Foundation
import SwarmServer

let signalFD = Signals.takeOver()

let invocation: Invocation
do {
    invocation = try Flags.parse(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("swarmline: \(error)\n\n\(Flags.usage())".utf8))
    exit(2)
}

switch invocation {
case .help(let text), .reference(let text):
    print(text, terminator: "")
case .version(let text):
    print(text)
case .check(let dir):
    let (status, text) = DataTools.check(dir)
    print(text)
    exit(status)
case .export(let dir, let format):
    do {
        FileHandle.standardOutput.write(Data(try DataTools.export(dir, format: format, now: SystemClock().now()).utf8))
    } catch {
        FileHandle.standardError.write(Data("swarmline: cannot export \(dir): \(error)\n".utf8))
        exit(1)
    }
case .run(var config):
    config.signalFD = signalFD
    let fileLimit = FileLimit.raise()
    do {
        let server = try ServerHandle.start(config)
        config.log.info("file descriptors", ["limit": fileLimit, "config": config.configFile ?? "-"])
        // Unbuffered, so a script reading our stdout through a pipe sees the ports at once.
        var ready = "listening on \(server.host):\(server.port)\n"
        if let m = server.metricsPort { ready += "metrics on \(config.metricsHost):\(m)\n" }
        FileHandle.standardOutput.write(Data(ready.utf8))
        server.wait()
        Log.flush()
    } catch {
        config.log.error("cannot start", ["error": error])
        Log.flush()
        FileHandle.standardError.write(Data("swarmline: cannot start: \(error)\n".utf8))
        exit(2)
    }
}
