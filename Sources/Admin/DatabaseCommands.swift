import Database
import Foundation
import Tenancy

/// `civic db status|start|stop`: the private cluster.
enum DatabaseCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        let cluster = LocalCluster.forCurrentProject()
        switch arguments.first {
        case "status":
            print(try cluster.status())
        case "start":
            let conninfo = try cluster.start()
            print("PostgreSQL is running: \(conninfo)")
        case "stop":
            try cluster.stop()
            print("PostgreSQL is stopped")
        case "url":
            // The conninfo of a database of the private cluster (created if missing), for
            // `psql "$(civic db url)"` or `DATABASE_URL=$(civic db url scratch) civic …`.
            let name = arguments.dropFirst().first ?? "civic"
            guard SQLIdentifier.isValid(name) else {
                throw CommandError(DatabaseError.invalidIdentifier(name).description, exitCode: ExitCode.usage)
            }
            try cluster.start()
            try cluster.ensureDatabase(name)
            print(cluster.conninfo(database: name))
        default:
            throw CommandError("usage: civic db status|start|stop|url [DATABASE]", exitCode: ExitCode.usage)
        }
        return 0
    }
}

/// `civic migrate`: the catalog, then every tenant, reporting each schema.
enum MigrateCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        _ = try Options(arguments, valued: [])
        let context = try PlatformContext.connect()
        // The catalog was brought up to date on connecting: report what that did, then the tenants.
        let reports = [context.catalogReport] + (try context.registry.migrateAll(context.migrations).filter { $0.tenant != nil })
        var failures = 0
        for report in reports {
            let name = report.tenant.map { "tenant \($0) (\(report.schema))" } ?? "catalog (\(report.schema))"
            if let failure = report.failure {
                failures += 1
                printError("\(name): FAILED, left unchanged: \(failure)")
            } else if report.applied.isEmpty {
                print("\(name): up to date")
            } else {
                print("\(name): applied \(report.applied.joined(separator: ", "))")
            }
        }
        if failures > 0 {
            printError("\(failures) schema(s) failed; fix and rerun `civic migrate` (it resumes where it stopped)")
            return ExitCode.failure
        }
        return 0
    }
}

/// `civic tenant create|list`.
enum TenantCommand {
    static func run(_ arguments: [String]) throws -> Int32 {
        switch arguments.first {
        case "create":
            let options = try Options(Array(arguments.dropFirst()), valued: ["name", "host", "time-zone"], switches: ["if-missing"])
            guard options.positional.count == 1, let slug = options.positional.first else {
                throw CommandError("usage: civic tenant create <slug> --name NAME [--host HOST …] [--time-zone Europe/Paris] [--if-missing]",
                                   exitCode: ExitCode.usage)
            }
            let context = try PlatformContext.connect()
            if options.has("if-missing"), let existing = try context.registry.tenant(slug: slug) {
                print("tenant \(existing.slug) exists (schema \(existing.schema.name))")
                return 0
            }
            do {
                let tenant = try context.registry.createTenant(
                    slug: slug, displayName: try options.required("name"), hostnames: options.all("host"),
                    timeZone: options.value("time-zone") ?? "Europe/Paris", migrations: context.migrations.tenant)
                print("created tenant \(tenant.slug): schema \(tenant.schema.name), role \(tenant.role.name), hosts \(tenant.hostnames.joined(separator: ", "))")
            } catch let error as TenancyError {
                throw CommandError(error.description, exitCode: ExitCode.dataError)
            }
            return 0
        case "list":
            let context = try PlatformContext.connect()
            let tenants = try context.registry.tenants()
            if tenants.isEmpty { print("no tenant yet (civic tenant create <slug> --name …)") }
            for tenant in tenants {
                print("\(tenant.slug)\t\(tenant.displayName)\t\(tenant.status.rawValue)\tschema \(tenant.schema.name)\thosts \(tenant.hostnames.joined(separator: ","))")
            }
            return 0
        default:
            throw CommandError("usage: civic tenant create <slug> --name NAME [--host HOST …] | civic tenant list",
                               exitCode: ExitCode.usage)
        }
    }
}
