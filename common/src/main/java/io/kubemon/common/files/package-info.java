/**
 * Small files that must never be seen torn: replaced atomically (temp file, force, rename, force
 * the directory), one way for every writer.
 *
 * <p>Uses nothing of kubemon. See docs/architecture.md.
 */
package io.kubemon.common.files;
