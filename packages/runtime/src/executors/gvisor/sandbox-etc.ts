import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Writes the sandbox's own `/etc` (mounted read-only) instead of the host's: the nobody user,
 * `localhost` and the allowed names in `hosts`, and no DNS server, so the step learns nothing
 * about the host and can resolve only what its `sandbox.network` lists. Node needs nothing else
 * from `/etc` (its TLS roots are built in).
 */
export async function writeSandboxEtc(dir: string, uid: number, hostsLines: readonly string[]): Promise<void> {
    await mkdir(dir, { recursive: true });
    const files: Record<string, string> = {
        'passwd': `nobody:x:${uid}:${uid}:nobody:/nonexistent:/usr/sbin/nologin\n`,
        'group': `nogroup:x:${uid}:\n`,
        'hosts': ['127.0.0.1 localhost', '::1 localhost', ...hostsLines, ''].join('\n'),
        'nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files\n',
        'resolv.conf': '# no DNS server: names come from /etc/hosts (sandbox.network)\n',
        'hostname': 'weft\n',
    };
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content, { mode: 0o644 });
}
