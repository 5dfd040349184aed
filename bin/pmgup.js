#!/usr/bin/env node
import { exitOnProcessWriteError } from '../dist/lib/cli/closed-output.js';
import { main } from '../dist/lib/cli/main.js';

exitOnProcessWriteError(process.argv.slice(2));
process.exitCode = await main(process.argv.slice(2));
