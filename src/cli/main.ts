#!/usr/bin/env node
// The tandem command: administration from a terminal, for people and for scripts.
// Exit codes: 0 done · 1 failed · 2 wrong usage · 3 database busy or unreachable · 4 invalid configuration.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { DataDirBusyError } from '../platform/db/data-dir-lock.ts';
import { COMMANDS, type Command } from './commands.ts';
import { EXIT, UsageError } from './exit.ts';

function help(): string {
  return [
    'Usage: npx tandem <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '  --help',
    '      Show this help (also: npx tandem <command> --help)',
    '',
    'Settings come from the environment (see the README), e.g. DATABASE_URL for PostgreSQL;',
    'without it the embedded database in TANDEM_DATA_DIR (default ./data) is used.',
    'Exit codes: 0 done, 1 failed, 2 wrong usage, 3 database busy or unreachable, 4 invalid configuration.',
  ].join('\n');
}

export async function run(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.write(`${help()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const words = [name, rest[0]].filter(Boolean).join(' ');
  const command: Command | undefined =
    COMMANDS.find((c) => c.name === words) ?? COMMANDS.find((c) => c.name === name);
  if (!command) {
    err.write(`Unknown command: ${name}\n\n${help()}\n`);
    return EXIT.usage;
  }
  const args = command.name.includes(' ') ? rest.slice(1) : rest;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: command.options ?? {}, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>;
  } catch (error) {
    err.write(`${(error as Error).message}\nUsage: npx tandem ${command.usage}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    out.write(`Usage: npx tandem ${command.usage}\n${command.summary}\n`);
    return EXIT.ok;
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      err.write(`${error.message}\n`);
      return EXIT.config;
    }
    throw error;
  }
  try {
    return await command.run({ config, values, out, err });
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`${error.message}\nUsage: npx tandem ${command.usage}\n`);
      return EXIT.usage;
    }
    if (error instanceof DataDirBusyError || isConnectionError(error)) {
      err.write(`${(error as Error).message}\n`);
      return EXIT.database;
    }
    err.write(`Failed: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '3D000', '28000'].includes(code);
}

if (import.meta.main) {
  process.exitCode = await run(process.argv.slice(2));
}
