// The handle every store function takes: one better-sqlite3 connection, opened by connection.ts.
import type Database from 'better-sqlite3';

export type Db = Database.Database;
