#!/usr/bin/env node
import "../dist/assess.js";
