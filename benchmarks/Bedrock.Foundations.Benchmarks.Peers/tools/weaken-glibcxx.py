#!/usr/bin/env python3
"""Marks a shared library's requirement on a symbol version as weak, so an older libstdc++ can load it.

Why: TorchSharp-cpu 0.107.0 ships libLibTorchSharp.so built with GCC 13. It lists GLIBCXX_3.4.32 among the versions
it needs from libstdc++.so.6, and Debian 12's libstdc++ (GCC 12) stops at GLIBCXX_3.4.30, so dlopen fails with
"version `GLIBCXX_3.4.32' not found". The only symbol bound to that version is std::ios_base_library_init(), which
GCC 13's <iostream> references with a bare `.globl` directive to pull in a libstdc++ that initializes the standard
streams itself; nothing calls it and no relocation points at it (this script checks that). The streams are
initialized anyway by the ios_base::Init objects of libtorch, which is loaded first.

How: in the ELF section .gnu.version_r (SHT_GNU_verneed), each needed version is an Elf64_Vernaux
{ vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32 }. Setting VER_FLG_WEAK (0x2) in vna_flags
tells glibc's loader to accept the library when the version is missing (silently; `ldd` still reports
"weak version ... not found"). On a system whose libstdc++ does have the version, the flag changes nothing.

Safety: the library is refused (exit 2, file untouched) if any relocation refers to a symbol of the version, i.e.
if something could actually call it. Idempotent: a requirement already weak is left alone; the file is rewritten
only when a flag changes. Never point this at the NuGet cache: patch the copy in a build output directory.

Usage: weaken-glibcxx.py LIBRARY [VERSION ...]   (VERSION defaults to GLIBCXX_3.4.32)
"""

import struct
import sys

SHT_RELA = 4
SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
VER_FLG_WEAK = 0x2


def read_cstring(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii")


def sections(data):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian 64-bit ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    result = []
    for i in range(shnum):
        (_, sh_type, _, _, sh_offset, sh_size, sh_link, sh_info, _, sh_entsize) = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        result.append({"type": sh_type, "offset": sh_offset, "size": sh_size, "link": sh_link,
                       "info": sh_info, "entsize": sh_entsize})
    return result


def needed_versions(data, secs):
    """Yields (file offset of vna_flags, library, version name, flags, version index) for each Elf64_Vernaux."""
    for sec in secs:
        if sec["type"] != SHT_GNU_VERNEED:
            continue
        strtab = secs[sec["link"]]["offset"]
        offset = sec["offset"]
        for _ in range(sec["info"]):
            _, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, offset)
            library = read_cstring(data, strtab + vn_file)
            aux = offset + vn_aux
            for _ in range(vn_cnt):
                _, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
                yield aux + 4, library, read_cstring(data, strtab + vna_name), vna_flags, vna_other
                aux += vna_next
            offset += vn_next


def symbols_of_version(data, secs, version_index):
    """Returns {dynsym index: name} for the dynamic symbols bound to version_index."""
    dynsym = next(s for s in secs if s["type"] == SHT_DYNSYM)
    versym = next(s for s in secs if s["type"] == SHT_GNU_VERSYM)
    strtab = secs[dynsym["link"]]["offset"]
    found = {}
    for i in range(dynsym["size"] // 24):
        version, = struct.unpack_from("<H", data, versym["offset"] + 2 * i)
        if version & 0x7FFF == version_index:
            st_name, = struct.unpack_from("<I", data, dynsym["offset"] + 24 * i)
            found[i] = read_cstring(data, strtab + st_name)
    return found


def relocated_symbols(data, secs):
    """Returns the dynsym indices that some relocation refers to."""
    dynsym_index = next(i for i, s in enumerate(secs) if s["type"] == SHT_DYNSYM)
    used = set()
    for sec in secs:
        if sec["type"] == SHT_RELA and sec["link"] == dynsym_index:
            for off in range(sec["offset"], sec["offset"] + sec["size"], 24):
                _, r_info = struct.unpack_from("<QQ", data, off)
                used.add(r_info >> 32)
    return used


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 1
    path = argv[1]
    wanted = set(argv[2:]) or {"GLIBCXX_3.4.32"}
    with open(path, "rb") as f:
        data = bytearray(f.read())
    secs = sections(data)
    relocated = relocated_symbols(data, secs)
    changed = False
    for flags_offset, library, name, flags, index in list(needed_versions(data, secs)):
        if name not in wanted:
            continue
        wanted.discard(name)
        symbols = symbols_of_version(data, secs, index)
        called = sorted(n for i, n in symbols.items() if i in relocated)
        if called:
            print(f"{path}: refusing: relocations refer to {name} symbols {called}", file=sys.stderr)
            return 2
        listing = ", ".join(sorted(symbols.values())) or "none"
        if flags & VER_FLG_WEAK:
            print(f"{path}: {library} {name} already weak (symbols: {listing})")
            continue
        struct.pack_into("<H", data, flags_offset, flags | VER_FLG_WEAK)
        changed = True
        print(f"{path}: {library} {name} marked weak (symbols: {listing}; none relocated)")
    for name in sorted(wanted):
        print(f"{path}: {name} not required, nothing to do")
    if changed:
        with open(path, "r+b") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
