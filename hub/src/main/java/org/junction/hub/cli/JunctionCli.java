package org.junction.hub.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junction.adapters.partner.SecretReferences;
import org.junction.hub.HubProperties;
import org.junction.hub.audit.AuditProperties;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.KeyRingFactory;
import org.junction.hub.keys.KekRegistry;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.identity.Role;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.KeyStoreFileException;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.junction.security.people.Passwords;
import org.junction.security.people.PersonAdministration;
import org.junction.security.people.PersonStore;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's operator commands, {@code junction pki ...}, {@code junction keys ...},
 * {@code junction users ...} and {@code junction audit ...}, run by
 * {@code JunctionHub.main} instead of the server when the first argument names them.
 *
 * <p>PKI commands need nothing but files. Keys commands read the hub's own settings (application
 * yaml, profile, environment, {@code --hub.*} / {@code --spring.*} arguments) for the keystore and
 * the database, and start only those.
 *
 * <p>Exit status: 0 done, 1 refused or failed (reason printed), 2 wrong usage.
 */
public final class JunctionCli {

    public static final Set<String> COMMANDS = Set.of("pki", "keys", "users", "audit");
    private static final Set<String> FLAGS = Set.of("no-activate", "confirm-broker-drained", "help", "hub-wide");

    private JunctionCli() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            CliArgs cli = new CliArgs(Arrays.asList(args).subList(1, args.length), FLAGS);
            if (cli.positionals().isEmpty() || cli.flag("help")) {
                throw new CliArgs.UsageException(null);
            }
            return switch (args[0]) {
                case "pki" -> pki(cli, out);
                case "keys" -> keys(cli, out);
                case "users" -> users(cli, out);
                case "audit" -> audit(cli, out);
                default -> throw new CliArgs.UsageException("unknown command " + args[0]);
            };
        } catch (CliArgs.UsageException e) {
            if (e.getMessage() != null) {
                err.println("junction " + args[0] + ": " + e.getMessage());
            }
            err.println("pki".equals(args[0]) ? PKI_USAGE : "users".equals(args[0]) ? USERS_USAGE
                    : "audit".equals(args[0]) ? AUDIT_USAGE : KEYS_USAGE);
            return 2;
        } catch (PkiException | KeysCommands.KeysException | KeyStoreFileException | IllegalStateException
                 | IllegalArgumentException | PersonAdministration.PersonException e) {
            err.println("junction " + args[0] + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // Typically the database or the settings (a Spring start-up failure): its innermost cause
            // says what is wrong without a page of stack trace.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("junction " + args[0] + ": failed: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            return 1;
        }
    }

    static final String PKI_USAGE = """
            usage: junction pki <command> [options]          (passwords are references: env:NAME or file:/path)
              ca      [--dir ./pki] [--password REF] [--cn NAME] [--days 3650]
                      create a development CA: <dir>/ca.p12 (key, alias "ca") and <dir>/ca.crt
              server  --san dns:NAME|ip:ADDR[,...] [--dir ./pki] [--password REF] [--ca-password REF]
                      [--cn NAME] [--days 397] [--out <dir>/server.p12]
                      issue the hub's TLS server certificate, signed by the CA
              partner <partner-id> [--dir ./pki] [--password REF] [--ca-password REF] [--days 397]
                      [--out <dir>/partners/<id>.p12]
                      issue a partner's client certificate and print its SHA-256 fingerprint
              list    <keystore|dir> [--password REF]
                      subject, fingerprint and expiry of each certificate; flags those expiring within 30 days
            --password defaults to env:JUNCTION_PKI_PASSWORD; --ca-password defaults to --password.""";

    static final String KEYS_USAGE = """
            usage: junction keys <command> [options] [--hub.*=... --spring.*=...]
              list                      key-encryption keys, status, and envelopes stored under each
              rotate [--id ID] [--no-activate]
                                        add a new key-encryption key and make it active for new data
              activate <id>             make a key added with --no-activate the active one
              rewrap                    re-seal stored envelopes under the active key
              retire <id> --confirm-broker-drained
                                        delete a key no stored data uses any more
              backup <file> --backup-password REF
                                        export the keystore under a separate password for offline storage
              restore <file> --backup-password REF
                                        write a backup back as this node's (missing) keystore
              signing-certificate [<file>]
                                        the hub signing certificate (PEM) for partners that verify its signatures
              create-signing-key        add the hub signing key to a keystore that has none
              create-ledger-key [--id ID]
                                        add the first ledger checkpoint signing key (Ed25519)
              rotate-ledger-key [--id ID]
                                        add a new ledger key that signs new checkpoints; old ones still verify
            Settings (keystore, password, database) are the hub's own: application.yaml, the active profile,
            environment variables and --hub.* / --spring.* arguments.""";

    static final String USERS_USAGE = """
            usage: junction users <command> [options] [--hub.*=... --spring.*=...]
              add <id> --organisation ORG --roles ROLE[,ROLE...] [--role-title "TITLE"]... [--hub-wide]
                                        create a person; prints a generated password and TOTP secret ONCE
                                        roles: HUB_ADMIN, OPERATOR, IG_LEAD, DECISION_MAKER; titles need DECISION_MAKER;
                                        --hub-wide lets them see every organisation's flows (default: their own)
              list                      people, roles, organisation, scope and state
              disable <id>              refuse their logins from now on
              reset <id>                new password and TOTP secret (printed once); clears a lockout
            Settings (keystore, password, database) are the hub's own, as for `junction keys`.""";

    static final String AUDIT_USAGE = """
            usage: junction audit <command> [options] [--hub.*=... --spring.*=...]
              verify                    recompute the ledger hash chain and check it against the signed checkpoints
                                        (database and checkpoint file); prints OK with counts, or the first bad
                                        sequence number and what is wrong there; exit status 0 valid, 1 not
            Settings (keystore, database, hub.audit.checkpoint-file) are the hub's own, as for `junction keys`.""";

    private static int audit(CliArgs cli, PrintStream out) {
        String command = cli.positional(0, "audit command");
        if (!command.equals("verify")) {
            throw new CliArgs.UsageException("unknown audit command " + command);
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AuditCliConfiguration.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.junction=WARN")
                .run(cli.springArgs().toArray(String[]::new))) {
            KeyProperties keys = context.getBean(KeyProperties.class);
            Path dataDir = context.getBean(HubProperties.class).dataDir();
            Path keystore = KeyRingFactory.keystorePath(keys, dataDir);
            // Read only: verifying never creates a key, unlike a hub's first start.
            LedgerSigningKeys ledgerKeys = KeyStoreFiles.loadLedgerSigningKeys(keystore,
                    KeyRingFactory.password(keys, dataDir)).orElseThrow(() -> new IllegalStateException(
                            "no ledger signing key in " + keystore + ": checkpoints cannot be verified"));
            Path file = context.getBean(AuditProperties.class).checkpointFile(dataDir);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            var commands = new AuditCommands(jdbc, new LedgerCheckpoints(jdbc, file, () -> ledgerKeys), out);
            return commands.verify() ? 0 : 1;
        }
    }

    private static int users(CliArgs cli, PrintStream out) {
        String command = cli.positional(0, "users command");
        if (!Set.of("add", "list", "disable", "reset").contains(command)) {
            throw new CliArgs.UsageException("unknown users command " + command);
        }
        // Validate the command's own arguments before starting anything.
        String id = command.equals("list") ? null : cli.positional(1, "person id");
        Set<Role> roles = command.equals("add") ? UsersCommands.roles(cli.all("roles")) : null;
        String organisation = command.equals("add") ? cli.required("organisation") : null;
        try (ConfigurableApplicationContext context = cliContext(cli)) {
            KeyProperties keys = context.getBean(KeyProperties.class);
            Path dataDir = context.getBean(HubProperties.class).dataDir();
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            KekRegistry registry = new KekRegistry(jdbc);
            KeyRing ring = KeyRingFactory.open(keys, dataDir, registry.activeKekId().orElse(null),
                    registry.retiredIds());
            SecureRandom random = new SecureRandom();
            UsersCommands commands = new UsersCommands(new PersonAdministration(new PersonStore(jdbc),
                    new Passwords(random), new EnvelopeCipher(ring), new LedgerWriter(jdbc),
                    context.getBean(TransactionTemplate.class), Clock.systemUTC(), random), out);
            switch (command) {
                case "add" -> commands.add(id, organisation, roles, cli.values("role-title"), cli.flag("hub-wide"));
                case "list" -> commands.list();
                case "disable" -> commands.disable(id);
                case "reset" -> commands.reset(id);
                default -> throw new CliArgs.UsageException("unknown users command " + command);
            }
        }
        return 0;
    }

    /** The hub's settings, database and keystore settings only: no server, broker or routes. */
    private static ConfigurableApplicationContext cliContext(CliArgs cli) {
        return new SpringApplicationBuilder(KeysCliConfiguration.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.junction=INFO")
                .run(cli.springArgs().toArray(String[]::new));
    }

    private static int pki(CliArgs cli, PrintStream out) {
        String command = cli.positional(0, "pki command");
        Path dir = Path.of(cli.option("dir", "pki"));
        switch (command) {
            case "ca" -> {
                Pki.Issued ca = Pki.createCa(Path.of(cli.option("out", dir.resolve("ca.p12").toString())),
                        secret(cli.option("password", "env:JUNCTION_PKI_PASSWORD")),
                        cli.option("cn", "Junction development CA"), cli.days("days", 3650));
                printIssued(out, ca);
            }
            case "server" -> {
                String password = cli.option("password", "env:JUNCTION_PKI_PASSWORD");
                Pki.Issued server = Pki.issueServer(Path.of(cli.option("ca", dir.resolve("ca.p12").toString())),
                        secret(cli.option("ca-password", password)),
                        Path.of(cli.option("out", dir.resolve("server.p12").toString())), secret(password),
                        cli.option("cn", null), cli.all("san"), cli.days("days", 397));
                printIssued(out, server);
            }
            case "partner" -> {
                String id = cli.positional(1, "partner id");
                String password = cli.option("password", "env:JUNCTION_PKI_PASSWORD");
                Pki.Issued partner = Pki.issuePartner(Path.of(cli.option("ca", dir.resolve("ca.p12").toString())),
                        secret(cli.option("ca-password", password)), id,
                        Path.of(cli.option("out", dir.resolve("partners").resolve(id + ".p12").toString())),
                        secret(password), cli.days("days", 397));
                printIssued(out, partner);
                out.println("For partners/" + id + ".yaml, client certificate SHA-256 fingerprint:");
                out.println(partner.fingerprint());
            }
            case "list" -> {
                Path target = Path.of(cli.positional(1, "keystore or directory"));
                String ref = cli.option("password", null);
                List<Pki.CertificateInfo> certs = Pki.list(target, ref == null ? null : secret(ref), Instant.now());
                printList(out, certs);
            }
            default -> throw new CliArgs.UsageException("unknown pki command " + command);
        }
        return 0;
    }

    static void printList(PrintStream out, List<Pki.CertificateInfo> certs) {
        out.printf("%-9s %-22s %-40s %-24s %s%n", "FLAG", "EXPIRES", "FILE:ALIAS", "SUBJECT", "SHA-256 FINGERPRINT");
        for (Pki.CertificateInfo c : certs) {
            String flag = c.expired() ? "EXPIRED" : c.expiresSoon() ? "EXPIRING" : "ok";
            out.printf("%-9s %-22s %-40s %-24s %s%n", flag, c.notAfter(), c.file().getFileName() + ":" + c.alias(),
                    c.subject(), c.fingerprint());
        }
        long warn = certs.stream().filter(c -> c.expired() || c.expiresSoon()).count();
        out.println(certs.size() + " certificate(s), " + warn + " expired or expiring within "
                + Pki.EXPIRY_WARNING.toDays() + " days");
    }

    private static void printIssued(PrintStream out, Pki.Issued issued) {
        out.println("Wrote " + issued.keystore() + " (key and chain) and " + issued.pem() + " (certificate)");
        out.println("  subject     " + issued.certificate().getSubjectX500Principal().getName());
        out.println("  expires     " + issued.certificate().getNotAfter().toInstant());
        out.println("  sha-256     " + issued.fingerprint());
    }

    private static int keys(CliArgs cli, PrintStream out) {
        String command = cli.positional(0, "keys command");
        if (!Set.of("list", "rotate", "activate", "rewrap", "retire", "backup", "restore", "signing-certificate",
                "create-signing-key", "create-ledger-key", "rotate-ledger-key").contains(command)) {
            throw new CliArgs.UsageException("unknown keys command " + command);
        }
        // Validate the command's own arguments before starting anything.
        String target = Set.of("activate", "retire", "backup", "restore").contains(command)
                ? cli.positional(1, command.equals("backup") || command.equals("restore") ? "file" : "key id") : null;
        char[] backupPassword = Set.of("backup", "restore").contains(command) ? secret(cli.required("backup-password"))
                : null;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeysCliConfiguration.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties("logging.level.root=WARN", "logging.level.org.junction=INFO")
                .run(cli.springArgs().toArray(String[]::new))) {
            KeyProperties keys = context.getBean(KeyProperties.class);
            Path dataDir = context.getBean(HubProperties.class).dataDir();
            Path keystore = KeyRingFactory.keystorePath(keys, dataDir);
            if (!command.equals("restore") && !java.nio.file.Files.exists(keystore)) {
                throw new KeysCommands.KeysException("no keystore at " + keystore + "; the embedded default creates one"
                        + " on the hub's first start, otherwise set hub.keys.keystore (HUB_KEYS_KEYSTORE)");
            }
            KeysCommands commands = new KeysCommands(keystore,
                    KeyRingFactory.password(keys, dataDir), keys.activeKekId(), keys.activePseudonymKeyId(),
                    context.getBean(JdbcTemplate.class), context.getBean(TransactionTemplate.class),
                    Clock.systemUTC(), out);
            switch (command) {
                case "list" -> commands.list();
                case "rotate" -> commands.rotate(cli.option("id", null), !cli.flag("no-activate"));
                case "activate" -> commands.activate(target);
                case "rewrap" -> commands.rewrap();
                case "retire" -> commands.retire(target, cli.flag("confirm-broker-drained"));
                case "backup" -> commands.backup(Path.of(target), backupPassword);
                case "restore" -> commands.restore(Path.of(target), backupPassword);
                case "signing-certificate" -> commands.exportSigningCertificate(
                        cli.positionals().size() > 1 ? Path.of(cli.positional(1, "file")) : null);
                case "create-signing-key" -> commands.createSigningKey();
                case "create-ledger-key" -> commands.createLedgerKey(cli.option("id", null));
                case "rotate-ledger-key" -> commands.rotateLedgerKey(cli.option("id", null));
                default -> throw new CliArgs.UsageException("unknown keys command " + command);
            }
        }
        return 0;
    }

    private static char[] secret(String reference) {
        if (!SecretReferences.isReference(reference)) {
            throw new CliArgs.UsageException("passwords are given by reference (env:NAME or file:/path), never inline");
        }
        return new String(SecretReferences.resolve(reference), StandardCharsets.UTF_8).toCharArray();
    }
}
