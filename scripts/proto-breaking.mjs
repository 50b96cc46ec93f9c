// Fails when proto/ in the working tree breaks the contracts of the previous commit (or of
// --against <git-ref>). Both sides are compiled by protoc into FileDescriptorSet images (buf's
// `binpb` format) and compared by the buf CLI with the rules in proto/buf.yaml (WIRE_JSON).
//   node scripts/proto-breaking.mjs [--against <git-ref>]
//   node scripts/proto-breaking.mjs --proto-dir <dir> --against-proto-dir <dir>   (two folders)
// Exit status: 0 compatible (or nothing to compare), 1 breaking changes, 2 the check could not run.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultProtoDir, protoFiles, repoRoot, runProtoc } from './proto-gen.mjs';

function option(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function buildImage(protoDir, out) {
  runProtoc(protoDir, ['--include_imports', '--include_source_info', `--descriptor_set_out=${out}`]);
  return out;
}

function git(args) {
  return spawnSync('git', args, { cwd: repoRoot, encoding: 'utf8' });
}

/** Extracts proto/ of `ref` into `dir`; returns the folder, or a reason why there is nothing to compare. */
function protoAtRef(ref, dir) {
  if (git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).status !== 0) {
    // Only the default (the first commit has no parent) passes; a ref asked for by name must exist.
    if (option('--against') !== undefined) throw new Error(`unknown git ref ${ref}`);
    return { skip: `there is no commit ${ref}` };
  }
  if (git(['ls-tree', '-d', '--name-only', ref, 'proto']).stdout.trim() === '') {
    return { skip: `${ref} has no proto/ folder` };
  }
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive "$0" proto | tar -x -C "$1"`, ref, dir], { cwd: repoRoot });
  return { protoDir: join(dir, 'proto') };
}

function main() {
  const protoDir = resolve(option('--proto-dir') ?? defaultProtoDir);
  const againstDirOption = option('--against-proto-dir');
  const ref = option('--against') ?? 'HEAD~1';
  const work = mkdtempSync(join(tmpdir(), 'shopmind-breaking-'));
  try {
    let againstDir;
    let againstName;
    if (againstDirOption) {
      againstDir = resolve(againstDirOption);
      againstName = againstDir;
    } else {
      const found = protoAtRef(ref, join(work, 'previous'));
      if (found.skip) {
        console.log(`proto:breaking: ${found.skip}; nothing to compare, passing.`);
        return 0;
      }
      againstDir = found.protoDir;
      againstName = `${ref}:proto`;
    }
    if (protoFiles(againstDir).length === 0) {
      console.log(`proto:breaking: ${againstName} holds no .proto files; nothing to compare, passing.`);
      return 0;
    }
    const current = buildImage(protoDir, join(work, 'current.binpb'));
    const previous = buildImage(againstDir, join(work, 'previous.binpb'));
    const config = existsSync(join(protoDir, 'buf.yaml'))
      ? join(protoDir, 'buf.yaml')
      : join(defaultProtoDir, 'buf.yaml');
    const buf = join(repoRoot, 'node_modules', '.bin', 'buf');
    const result = spawnSync(
      buf,
      [
        'breaking',
        current,
        '--against',
        previous,
        '--config',
        config,
        '--exclude-imports',
        '--error-format',
        'text',
      ],
      { cwd: work, encoding: 'utf8' },
    );
    if (result.error) throw result.error;
    // buf exits 100 when it found breaking changes, anything else non-zero when it could not check.
    if (result.status !== 0 && result.status !== 100) {
      throw new Error(`buf breaking exited ${result.status}: ${result.stdout}${result.stderr}`);
    }
    if (result.status === 100) {
      process.stderr.write(result.stdout + result.stderr);
      console.error(
        `proto:breaking: FAILED — proto/ breaks the contracts of ${againstName} (rules: ${config}).`,
      );
      return 1;
    }
    console.log(`proto:breaking: no breaking changes against ${againstName}.`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`proto:breaking: could not run the check: ${err.message}`);
  process.exitCode = 2;
}
