// Regenerates the protobuf-es TypeScript in libs/contracts/src/gen from proto/ with Debian's protoc
// and the protoc-gen-es plugin. buf/validate/validate.proto is not on disk (and its registry is not
// reachable), so its descriptor, embedded in @bufbuild/protovalidate, is written out as a
// FileDescriptorSet that protoc reads with --descriptor_set_in.
//   node scripts/proto-gen.mjs [--out <dir>]      (default libs/contracts/src/gen)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync, renameSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { file_buf_validate_validate } from '@bufbuild/protovalidate/gen/buf/validate/validate_pb.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultProtoDir = join(repoRoot, 'proto');
const defaultOutDir = join(repoRoot, 'libs', 'contracts', 'src', 'gen');

/** Every .proto file under `dir`, as paths relative to it, sorted (stable protoc input). */
export function protoFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.proto')) found.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** Writes buf/validate/validate.proto and its imports (dependencies first) as a FileDescriptorSet. */
export function writeValidateDescriptorSet(path) {
  const ordered = [];
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file.name)) return;
    seen.add(file.name);
    for (const dep of file.dependencies) visit(dep);
    ordered.push(file.proto);
  };
  visit(file_buf_validate_validate);
  writeFileSync(path, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: ordered })));
  return path;
}

/** Runs protoc on `protoDir` with the validate descriptor set; extra args choose the output. */
export function runProtoc(protoDir, args) {
  const work = mkdtempSync(join(tmpdir(), 'shopmind-proto-'));
  try {
    const set = writeValidateDescriptorSet(join(work, 'validate.binpb'));
    execFileSync(
      'protoc',
      [`--proto_path=${protoDir}`, `--descriptor_set_in=${set}`, ...args, ...protoFiles(protoDir)],
      { cwd: protoDir, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Generates TypeScript for every file in `protoDir` into `outDir`, replacing what was there. */
export function generate(protoDir, outDir) {
  const staging = mkdtempSync(join(tmpdir(), 'shopmind-gen-'));
  try {
    runProtoc(protoDir, [
      `--plugin=protoc-gen-es=${join(repoRoot, 'node_modules', '.bin', 'protoc-gen-es')}`,
      `--es_out=${staging}`,
      '--es_opt=target=ts,import_extension=js,rewrite_imports=./buf/**/*_pb.js:@bufbuild/protovalidate/gen',
    ]);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(dirname(outDir), { recursive: true });
    try {
      renameSync(staging, outDir);
    } catch {
      // rename fails across file systems (tmpfs → disk): copy instead.
      execFileSync('cp', ['-r', staging, outDir]);
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? resolve(process.argv[i + 1]) : defaultOutDir;
  if (!existsSync(defaultProtoDir)) throw new Error(`no proto/ folder at ${defaultProtoDir}`);
  try {
    generate(defaultProtoDir, outDir);
  } catch (err) {
    console.error(`proto generation failed: ${err.message}`);
    process.exit(1);
  }
  console.log(`generated ${relative(repoRoot, outDir) || outDir} from ${protoFiles(defaultProtoDir).length} proto files`);
}
