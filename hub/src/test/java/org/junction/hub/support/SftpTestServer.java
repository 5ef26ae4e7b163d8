package org.junction.hub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A partner's SFTP server, in process: Apache MINA SSHD on a random loopback port, one account
 * with password authentication, files kept under a temporary root directory that tests read and
 * write directly. Its host key is generated afresh, so tests check it the way production does,
 * through a known_hosts file ({@link #writeKnownHosts}).
 */
public final class SftpTestServer implements AutoCloseable {

    public static final String HOST = "127.0.0.1";

    private final SshServer server;
    private final Path root;
    private final KeyPair hostKey;
    private final String username;

    private SftpTestServer(SshServer server, Path root, KeyPair hostKey, String username) {
        this.server = server;
        this.root = root;
        this.hostKey = hostKey;
        this.username = username;
    }

    /** Starts a server that accepts {@code username} with {@code password} and nothing else. */
    public static SftpTestServer start(String username, String password) {
        try {
            Path root = Files.createTempDirectory("sftp-partner-");
            KeyPair hostKey = ecKeyPair();
            SshServer server = SshServer.setUpDefaultServer();
            server.setHost(HOST);
            server.setPort(0);
            server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            server.setPasswordAuthenticator((user, given, session) -> username.equals(user) && password.equals(given));
            server.setPublickeyAuthenticator((user, key, session) -> false);
            server.setKeyboardInteractiveAuthenticator(null);
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            server.start();
            return new SftpTestServer(server, root, hostKey, username);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String username() {
        return username;
    }

    /** The server's file system, as the partner sees it. */
    public Path root() {
        return root;
    }

    /** A directory under the root, created if missing. */
    public Path directory(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SFTP location of a directory, as a partner file names it. */
    public String endpoint(String directory) {
        return "sftp://" + HOST + ":" + port() + "/" + directory;
    }

    /** Writes a known_hosts file that trusts this server's host key. */
    public Path writeKnownHosts(Path file) {
        return writeKnownHosts(file, hostKey.getPublic());
    }

    /** Writes a known_hosts file that names this server with some other key: a server that is not who it claims. */
    public Path writeWrongKnownHosts(Path file) {
        return writeKnownHosts(file, ecKeyPair().getPublic());
    }

    /** The names of the regular files directly in a directory, sorted. */
    public List<String> files(String directory) {
        Path dir = root.resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException ignored) {
            // the files go anyway
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeKnownHosts(Path file, PublicKey key) {
        try {
            return Files.writeString(file, "[" + HOST + "]:" + port() + " " + PublicKeyEntry.toString(key) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
