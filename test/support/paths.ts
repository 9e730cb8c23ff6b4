import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The handbook's folder beside the repository holds the public spec vectors. */
export const VECTORS_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'spec', 'vectors');
export const SAMPLE_BUNDLE = path.join(VECTORS_DIR, 'bundle');
export const SAMPLE_KEYRING = path.join(VECTORS_DIR, 'keyring.json');
export const OSCAL_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'oscal');
