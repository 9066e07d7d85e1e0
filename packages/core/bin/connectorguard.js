#!/usr/bin/env node
// The CLI's entry as installed: a checked-in file, so that a workspace install can link the
// bin before the first build. The CLI itself is the built bundle next to it.
import "../dist/cli.js";
