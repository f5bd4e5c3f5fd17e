/*
 * hftbindgen - generates the C# bindings of the shim from its C header.
 *
 *   hftbindgen HEADER OUTPUT.cs [OUTPUT_layout.c]
 *
 * Parses HEADER with libclang (as C11, the way the shim is built) and writes,
 * for the declarations of HEADER itself, in source order:
 *   - integer-literal macros        -> consts in `static partial class Hftshim`
 *   - struct definitions            -> blittable sequential structs, C names kept
 *   - opaque structs                -> empty structs, so handle pointers are typed
 *   - functions                     -> [LibraryImport] methods in Hftshim,
 *                                      [SuppressGCTransition] if annotated hft_nogc
 *   - every size and field offset   -> consts in `static class HftshimLayout`
 * and, with a third argument, a C file that _Static_asserts the same clang
 * numbers against the header as the C compiler lays it out. The C# tests
 * compare HftshimLayout with the runtime layout, so both languages are
 * checked against one set of numbers.
 *
 * Anything the generator cannot bind faithfully (unions, enums, bitfields,
 * variadics...) is an error rather than a guess: the header's rules keep it
 * to fixed-width types, pointers and structs. interop/generate.sh runs it.
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <clang-c/Index.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef HFT_CLANG_RESOURCE_DIR /* set by CMakeLists.txt */
#define HFT_CLANG_RESOURCE_DIR ""
#endif

/* Where the generated text goes until everything succeeded: a failed run
 * must not leave half a file behind for CI to diff against. */
static struct {
    FILE *cls;     /* members of Hftshim: consts and functions */
    FILE *types;   /* structs */
    FILE *layout;  /* members of HftshimLayout */
    FILE *check;   /* _Static_asserts for the C file */
    int cls_n, types_n, layout_n;
} out;

static CXTranslationUnit tu;
static const char *header_name; /* as printed into the outputs */

/* Names already emitted: a struct or function may be declared twice. */
static char *seen[1024];
static size_t seen_n;

static int seen_before(const char *kind, const char *name) {
    char key[512];
    snprintf(key, sizeof key, "%s %s", kind, name);
    for (size_t i = 0; i < seen_n; i++)
        if (strcmp(seen[i], key) == 0) return 1;
    if (seen_n == sizeof seen / sizeof seen[0]) return 0;
    seen[seen_n++] = strdup(key);
    return 0;
}

static void die(CXCursor at, const char *fmt, ...) {
    CXFile file;
    unsigned line, col;
    clang_getSpellingLocation(clang_getCursorLocation(at), &file, &line, &col, NULL);
    CXString fname = clang_getFileName(file);
    fprintf(stderr, "hftbindgen: %s:%u:%u: error: ",
            clang_getCString(fname) ? clang_getCString(fname) : header_name, line, col);
    clang_disposeString(fname);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* Copies a CXString into buf and disposes it (libclang strings are owned). */
static const char *str(CXString s, char *buf, size_t n) {
    snprintf(buf, n, "%s", clang_getCString(s) ? clang_getCString(s) : "");
    clang_disposeString(s);
    return buf;
}

/* C names are kept; the few that are C# keywords get the verbatim prefix. */
static const char *cs_ident(const char *name) {
    static const char *const kw[] = {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char",
        "checked", "class", "const", "continue", "decimal", "default", "delegate",
        "do", "double", "else", "enum", "event", "explicit", "extern", "false",
        "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in",
        "int", "interface", "internal", "is", "lock", "long", "namespace", "new",
        "null", "object", "operator", "out", "override", "params", "private",
        "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
        "short", "sizeof", "stackalloc", "static", "string", "struct", "switch",
        "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked",
        "unsafe", "ushort", "using", "virtual", "void", "volatile", "while"};
    static char buf[4][256]; /* a few live at once in one printf */
    static int next;
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) {
        if (strcmp(name, kw[i]) == 0) {
            char *b = buf[next++ % 4];
            snprintf(b, sizeof buf[0], "@%s", name);
            return b;
        }
    }
    return name;
}

/* ---- doc comments --------------------------------------------------------- */

/* Writes a comment (with its / * * / or // markers) as an XML doc summary,
 * one output line per source line, so wrapped header comments stay readable. */
static void emit_doc(FILE *f, const char *indent, const char *comment, size_t len) {
    char *text = strndup(comment, len);
    char *lines[128];
    size_t n = 0;
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && n < 128;
         l = strtok_r(NULL, "\n", &save)) {
        while (*l == ' ' || *l == '\t') l++;
        if (strncmp(l, "/*", 2) == 0 || strncmp(l, "//", 2) == 0) {
            l += 2;
            if (*l == '*' || *l == '/' || *l == '!') l++; /* doc-comment markers */
            if (*l == '<') l++;
        } else if (l[0] == '*' && l[1] != '/') {
            l++; /* the ` * ` that continues a block comment */
        }
        char *end = l + strlen(l);
        while (end > l && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) end--;
        if (end - l >= 2 && end[-2] == '*' && end[-1] == '/') end -= 2;
        while (end > l && (end[-1] == ' ' || end[-1] == '\t')) end--;
        *end = '\0';
        while (*l == ' ') l++;
        lines[n++] = l;
    }
    while (n > 0 && lines[n - 1][0] == '\0') n--;
    size_t first = 0;
    while (first < n && lines[first][0] == '\0') first++;
    if (first < n) {
        int multi = n - first > 1;
        fprintf(f, "%s/// <summary>", indent);
        for (size_t i = first; i < n; i++) {
            if (multi) fprintf(f, "\n%s///%s", indent, lines[i][0] ? " " : "");
            for (const char *c = lines[i]; *c; c++) {
                switch (*c) {
                case '<': fputs("&lt;", f); break;
                case '>': fputs("&gt;", f); break;
                case '&': fputs("&amp;", f); break;
                default: fputc(*c, f);
                }
            }
        }
        if (multi) fprintf(f, "\n%s/// ", indent);
        fputs("</summary>\n", f);
    }
    free(text);
}

static unsigned line_of(CXSourceLocation loc) {
    unsigned line;
    clang_getSpellingLocation(loc, NULL, &line, NULL, NULL);
    return line;
}

/* The comment libclang attached to a declaration (-fparse-all-comments makes
 * it attach plain / * * / comments, including trailing ones on fields). It
 * also attaches a section banner separated by a blank line; that describes a
 * group, not the declaration, so it is dropped. */
static void doc_of_decl(FILE *f, const char *indent, CXCursor c) {
    CXString raw = clang_Cursor_getRawCommentText(c);
    const char *text = clang_getCString(raw);
    if (text) {
        CXSourceRange r = clang_Cursor_getCommentRange(c);
        unsigned comment_end = line_of(clang_getRangeEnd(r));
        unsigned decl_start = line_of(clang_getRangeStart(clang_getCursorExtent(c)));
        if (comment_end + 1 >= decl_start) emit_doc(f, indent, text, strlen(text));
    }
    clang_disposeString(raw);
}

/* libclang attaches no comments to macros, so read them from the source: a
 * comment after the body on the same line, else a comment block that ends on
 * the line above and stands on its own lines (not the trailing comment of the
 * previous #define). */
static void doc_of_macro(FILE *f, const char *indent, CXCursor c) {
    CXSourceRange ext = clang_getCursorExtent(c);
    CXFile file;
    unsigned begin, end;
    clang_getSpellingLocation(clang_getRangeStart(ext), &file, NULL, NULL, &begin);
    clang_getSpellingLocation(clang_getRangeEnd(ext), NULL, NULL, NULL, &end);
    size_t size;
    const char *src = clang_getFileContents(tu, file, &size);
    if (!src || end > size) return;

    const char *p = src + end;
    while (p < src + size && (*p == ' ' || *p == '\t')) p++;
    if (p + 1 < src + size && p[0] == '/' && (p[1] == '*' || p[1] == '/')) {
        const char *e = p[1] == '*' ? strstr(p, "*/") : strchr(p, '\n');
        if (e) emit_doc(f, indent, p, (size_t)(e - p) + (p[1] == '*' ? 2 : 0));
        return;
    }

    const char *line = src + begin; /* back to the start of the #define line */
    while (line > src && line[-1] != '\n') line--;
    if (line == src) return;
    const char *above = line - 1; /* back to the start of the line above */
    while (above > src && above[-1] != '\n') above--;
    while (*above == ' ' || *above == '\t') above++;
    if (above[0] == '/' && above[1] == '/') {
        emit_doc(f, indent, above, (size_t)(line - 1 - above));
        return;
    }
    const char *q = line - 1; /* the '\n' ending the line above */
    while (q > src && (q[-1] == ' ' || q[-1] == '\t' || q[-1] == '\r')) q--;
    if (q - src < 4 || q[-1] != '/' || q[-2] != '*') return;
    const char *open = q - 2;
    while (open > src && !(open[0] == '/' && open[1] == '*')) open--;
    for (const char *b = open; b > src && b[-1] != '\n'; b--)
        if (b[-1] != ' ' && b[-1] != '\t') return;
    emit_doc(f, indent, open, (size_t)(q - open));
}

/* ---- types ---------------------------------------------------------------- */

/* Fixed-width typedefs resolve to platform builtins (uint64_t is `unsigned
 * long` on LP64), so they are recognised by name before they lose meaning. */
static const char *typedef_to_cs(const char *name) {
    static const char *const map[][2] = {
        {"int8_t", "sbyte"},  {"uint8_t", "byte"},    {"int16_t", "short"},
        {"uint16_t", "ushort"}, {"int32_t", "int"},   {"uint32_t", "uint"},
        {"int64_t", "long"},  {"uint64_t", "ulong"},  {"size_t", "nuint"},
        {"ssize_t", "nint"},  {"ptrdiff_t", "nint"},  {"intptr_t", "nint"},
        {"uintptr_t", "nuint"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(name, map[i][0]) == 0) return map[i][1];
    return NULL;
}

static int is_anonymous(const char *name) {
    return name[0] == '\0' || strstr(name, "(unnamed") || strstr(name, "(anonymous");
}

static CXType strip_elaborated(CXType t) {
    while (t.kind == CXType_Elaborated) t = clang_Type_getNamedType(t);
    return t;
}

/* Maps a C type to its blittable C# spelling; `where` is for errors. */
static void map_type(CXType t, CXCursor where, char *buf, size_t n) {
    char name[256];
    t = strip_elaborated(t);
    switch (t.kind) {
    case CXType_Typedef: {
        CXCursor decl = clang_getTypeDeclaration(t);
        str(clang_getCursorSpelling(decl), name, sizeof name);
        const char *cs = typedef_to_cs(name);
        CXType under = strip_elaborated(clang_getTypedefDeclUnderlyingType(decl));
        if (cs) snprintf(buf, n, "%s", cs);
        else if (under.kind == CXType_Record) snprintf(buf, n, "%s", cs_ident(name));
        else map_type(under, where, buf, n);
        return;
    }
    case CXType_Record:
        str(clang_getCursorSpelling(clang_getTypeDeclaration(t)), name, sizeof name);
        if (is_anonymous(name) ||
            clang_getCursorKind(clang_getTypeDeclaration(t)) != CXCursor_StructDecl)
            die(where, "only named structs can be bound (no unions or anonymous structs)");
        snprintf(buf, n, "%s", cs_ident(name));
        return;
    case CXType_Pointer: {
        CXType pointee = clang_getCanonicalType(clang_getPointeeType(t));
        if (pointee.kind == CXType_FunctionProto) {
            if (clang_isFunctionTypeVariadic(pointee)) die(where, "variadic function pointer");
            size_t len = (size_t)snprintf(buf, n, "delegate* unmanaged<");
            for (int i = 0; i < clang_getNumArgTypes(pointee); i++) {
                map_type(clang_getArgType(clang_getPointeeType(t), (unsigned)i), where, name, sizeof name);
                len += (size_t)snprintf(buf + len, n > len ? n - len : 0, "%s, ", name);
            }
            map_type(clang_getResultType(clang_getPointeeType(t)), where, name, sizeof name);
            snprintf(buf + len, n > len ? n - len : 0, "%s>", name);
            return;
        }
        map_type(clang_getPointeeType(t), where, name, sizeof name); /* const is dropped */
        snprintf(buf, n, "%s*", name);
        return;
    }
    default: break;
    }
    const char *cs = NULL;
    switch (clang_getCanonicalType(t).kind) {
    case CXType_Void: cs = "void"; break;
    case CXType_Bool: /* a C# bool is not blittable for LibraryImport */
    case CXType_Char_S:
    case CXType_Char_U:
    case CXType_UChar: cs = "byte"; break;
    case CXType_SChar: cs = "sbyte"; break;
    case CXType_Short: cs = "short"; break;
    case CXType_UShort: cs = "ushort"; break;
    case CXType_Int: cs = "int"; break;
    case CXType_UInt: cs = "uint"; break;
    case CXType_Long: cs = "nint"; break; /* C long is pointer-sized on LP64 Linux */
    case CXType_ULong: cs = "nuint"; break;
    case CXType_LongLong: cs = "long"; break;
    case CXType_ULongLong: cs = "ulong"; break;
    case CXType_Float: cs = "float"; break;
    case CXType_Double: cs = "double"; break;
    default: {
        char spelling[256];
        die(where, "type '%s' has no blittable C# mapping",
            str(clang_getTypeSpelling(t), spelling, sizeof spelling));
    }
    }
    snprintf(buf, n, "%s", cs);
}

/* ---- declarations --------------------------------------------------------- */

static void separate(FILE *f, int *count) {
    if ((*count)++) fputc('\n', f);
}

struct struct_ctx {
    const char *cs_name; /* C# name, also the HftshimLayout prefix */
    const char *c_name;  /* how the C check names the type */
};

static enum CXChildVisitResult emit_field(CXCursor c, CXCursor parent, CXClientData data) {
    const struct struct_ctx *s = data;
    enum CXCursorKind kind = clang_getCursorKind(c);
    if (kind == CXCursor_StructDecl || kind == CXCursor_UnionDecl || kind == CXCursor_EnumDecl)
        die(c, "nested type declarations in %s cannot be bound", s->c_name);
    if (kind != CXCursor_FieldDecl) return CXChildVisit_Continue;
    if (clang_Cursor_isBitField(c)) die(c, "bitfields cannot be bound");

    char name[256], type[256];
    str(clang_getCursorSpelling(c), name, sizeof name);
    if (strcmp(name, "size") == 0) die(c, "a field named 'size' would collide with %s_size", s->cs_name);
    long long bits = clang_Cursor_getOffsetOfField(c);
    if (bits < 0 || bits % 8) die(c, "libclang gave no byte offset for %s (error %lld)", name, bits);

    fputc('\n', out.types);
    doc_of_decl(out.types, "    ", c);
    CXType t = strip_elaborated(clang_getCursorType(c));
    while (t.kind == CXType_Typedef) /* a typedef may name an array type */
        t = strip_elaborated(clang_getTypedefDeclUnderlyingType(clang_getTypeDeclaration(t)));
    if (t.kind == CXType_ConstantArray) {
        map_type(clang_getArrayElementType(t), c, type, sizeof type);
        static const char *const fixed_ok[] = {"byte", "sbyte", "short", "ushort", "int",
                                               "uint", "long", "ulong", "float", "double"};
        int ok = 0;
        for (size_t i = 0; i < sizeof fixed_ok / sizeof fixed_ok[0]; i++) ok |= !strcmp(type, fixed_ok[i]);
        if (!ok) die(c, "array of %s: C# fixed buffers hold only primitives", type);
        fprintf(out.types, "    public fixed %s %s[%lld];\n", type, cs_ident(name), clang_getArraySize(t));
    } else if (t.kind == CXType_IncompleteArray) {
        die(c, "flexible array members cannot be bound");
    } else {
        map_type(clang_getCursorType(c), c, type, sizeof type);
        fprintf(out.types, "    public %s %s;\n", type, cs_ident(name));
    }
    fprintf(out.layout, "    public const int %s_%s = %lld;\n", s->cs_name, name, bits / 8);
    fprintf(out.check, "_Static_assert(offsetof(%s, %s) == %lld, \"offsetof(%s, %s)\");\n",
            s->c_name, name, bits / 8, s->c_name, name);
    return CXChildVisit_Continue;
}

/* `doc` is the cursor whose comment describes the struct (the StructDecl,
 * or the typedef of an anonymous struct). */
static void emit_struct(CXCursor def, CXCursor doc, const char *cs_name, const char *c_name) {
    if (seen_before("struct", cs_name)) return;
    separate(out.types, &out.types_n);
    doc_of_decl(out.types, "", doc);
    fprintf(out.types, "[StructLayout(LayoutKind.Sequential)]\n"
                       "public unsafe partial struct %s\n{", cs_ident(cs_name));
    long long size = clang_Type_getSizeOf(clang_getCursorType(def));
    if (size < 0) die(def, "libclang gave no size for %s (error %lld)", c_name, size);
    separate(out.layout, &out.layout_n);
    fprintf(out.layout, "    public const int %s_size = %lld;\n", cs_name, size);
    fprintf(out.check, "\n_Static_assert(sizeof(%s) == %lld, \"sizeof(%s)\");\n", c_name, size, c_name);
    struct struct_ctx ctx = {cs_name, c_name};
    clang_visitChildren(def, emit_field, &ctx);
    fprintf(out.types, "}\n");
}

static void emit_struct_decl(CXCursor c) {
    char name[256], c_name[300];
    str(clang_getCursorSpelling(c), name, sizeof name);
    if (is_anonymous(name)) return; /* bound through its typedef */
    snprintf(c_name, sizeof c_name, "struct %s", name);
    if (clang_isCursorDefinition(c)) {
        emit_struct(c, c, name, c_name);
    } else if (clang_Cursor_isNull(clang_getCursorDefinition(c))) {
        /* Opaque handle: an empty struct gives pointers to it a type. */
        if (seen_before("struct", name)) return;
        separate(out.types, &out.types_n);
        doc_of_decl(out.types, "", c);
        fprintf(out.types, "public partial struct %s\n{\n}\n", cs_ident(name));
    }
}

static void emit_typedef(CXCursor c) {
    CXType under = strip_elaborated(clang_getTypedefDeclUnderlyingType(c));
    if (under.kind != CXType_Record) return; /* scalar typedefs map to their C# type */
    CXCursor rec = clang_getTypeDeclaration(under);
    char name[256], tag[256];
    str(clang_getCursorSpelling(c), name, sizeof name);
    str(clang_getCursorSpelling(rec), tag, sizeof tag);
    if (clang_getCursorKind(rec) != CXCursor_StructDecl) die(c, "%s: only structs can be bound", name);
    if (is_anonymous(tag)) {
        emit_struct(rec, c, name, name);
    } else if (strcmp(tag, name) != 0) {
        die(c, "typedef %s names struct %s; the bindings keep C names, so they must match", name, tag);
    }
}

struct annotation_query {
    const char *what;
    int found;
};

static enum CXChildVisitResult find_annotation(CXCursor c, CXCursor parent, CXClientData data) {
    struct annotation_query *q = data;
    char text[256];
    if (clang_getCursorKind(c) == CXCursor_AnnotateAttr &&
        strcmp(str(clang_getCursorSpelling(c), text, sizeof text), q->what) == 0)
        q->found = 1;
    return CXChildVisit_Continue;
}

static int has_annotation(CXCursor c, const char *what) {
    struct annotation_query q = {what, 0};
    clang_visitChildren(c, find_annotation, &q);
    return q.found;
}

static void emit_function(CXCursor c) {
    char name[256], type[256], arg[256];
    str(clang_getCursorSpelling(c), name, sizeof name);
    if (clang_Cursor_getStorageClass(c) == CX_SC_Static) return; /* inline helpers are not exports */
    if (seen_before("function", name)) return;
    CXType ft = clang_getCursorType(c);
    if (ft.kind != CXType_FunctionProto || clang_isFunctionTypeVariadic(ft))
        die(c, "%s: only prototyped, non-variadic functions can be bound", name);

    separate(out.cls, &out.cls_n);
    doc_of_decl(out.cls, "    ", c);
    fprintf(out.cls, "    [LibraryImport(LibraryName)]\n");
    /* Opt-in per function: skipping the GC transition is only safe for calls
     * that are short, never block and never call back (see HFT_NOGC). */
    if (has_annotation(c, "hft_nogc")) fprintf(out.cls, "    [SuppressGCTransition]\n");
    map_type(clang_getResultType(ft), c, type, sizeof type);
    fprintf(out.cls, "    public static partial %s %s(", type, cs_ident(name));
    int nargs = clang_Cursor_getNumArguments(c);
    for (int i = 0; i < nargs; i++) {
        CXCursor p = clang_Cursor_getArgument(c, (unsigned)i);
        map_type(clang_getCursorType(p), p, type, sizeof type);
        str(clang_getCursorSpelling(p), arg, sizeof arg);
        if (!arg[0]) snprintf(arg, sizeof arg, "arg%d", i);
        fprintf(out.cls, "%s%s %s", i ? ", " : "", type, cs_ident(arg));
    }
    fprintf(out.cls, ");\n");
}

/* Only macros whose whole body is one integer literal become consts; guards,
 * attribute macros and expressions are skipped. */
static void emit_macro(CXCursor c) {
    if (clang_Cursor_isMacroFunctionLike(c)) return;
    CXToken *tokens;
    unsigned n;
    clang_tokenize(tu, clang_getCursorExtent(c), &tokens, &n);
    char name[256], lit[256];
    if (n == 2 && clang_getTokenKind(tokens[1]) == CXToken_Literal) {
        str(clang_getTokenSpelling(tu, tokens[0]), name, sizeof name);
        str(clang_getTokenSpelling(tu, tokens[1]), lit, sizeof lit);
        size_t len = strlen(lit);
        while (len > 0 && strchr("uUlL", lit[len - 1])) lit[--len] = '\0';
        char *end;
        errno = 0;
        unsigned long long v = strtoull(lit, &end, 0); /* base 0: C's hex/octal rules */
        if (len > 0 && *end == '\0' && errno == 0 && (lit[0] >= '0' && lit[0] <= '9')) {
            const char *cs = v <= 0x7fffffffULL ? "int" : v <= 0xffffffffULL ? "uint"
                             : v <= 0x7fffffffffffffffULL ? "long" : "ulong";
            separate(out.cls, &out.cls_n);
            doc_of_macro(out.cls, "    ", c);
            /* Hex stays hex (magic numbers read better); anything else is
             * printed in decimal because C# has no octal literals. */
            if (lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X'))
                fprintf(out.cls, "    public const %s %s = %s;\n", cs, cs_ident(name), lit);
            else
                fprintf(out.cls, "    public const %s %s = %llu;\n", cs, cs_ident(name), v);
        }
    }
    clang_disposeTokens(tu, tokens, n);
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data) {
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c))) return CXChildVisit_Continue;
    switch (clang_getCursorKind(c)) {
    case CXCursor_MacroDefinition: emit_macro(c); break;
    case CXCursor_StructDecl: emit_struct_decl(c); break;
    case CXCursor_TypedefDecl: emit_typedef(c); break;
    case CXCursor_FunctionDecl: emit_function(c); break;
    case CXCursor_UnionDecl:
    case CXCursor_EnumDecl:
    case CXCursor_VarDecl: die(c, "unions, enums and variables cannot be bound; use structs and #defines");
    default: break; /* includes, macro expansions, static asserts */
    }
    return CXChildVisit_Continue;
}

/* ---- driver --------------------------------------------------------------- */

/* clang's own headers (stddef.h) live in its resource dir. libclang guesses
 * it from where the .so was loaded from, which works for Debian's layout only
 * through a symlink in /usr/include/clang/; CMake passes the dir next to the
 * library it linked, so the headers always match that libclang. The
 * environment wins for unusual installs; NULL leaves libclang's guess. */
static const char *resource_dir(void) {
    const char *env = getenv("HFT_CLANG_RESOURCE_DIR");
    if (env && *env) return env;
    return HFT_CLANG_RESOURCE_DIR[0] ? HFT_CLANG_RESOURCE_DIR : NULL;
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        fprintf(stderr, "hftbindgen: cannot write %s: %s\n", path, strerror(errno));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: hftbindgen HEADER OUTPUT.cs [OUTPUT_layout.c]\n");
        return 2;
    }
    const char *header = argv[1];
    /* Outputs name the header as given (relative, from generate.sh); an
     * absolute path would make them differ between checkouts. */
    const char *base = strrchr(header, '/') ? strrchr(header, '/') + 1 : header;
    header_name = header[0] == '/' ? base : header;

    char include[4096]; /* -I of the header's directory, for its own includes */
    int dir_len = (int)(base - header) - 1;
    snprintf(include, sizeof include, "-I%.*s", dir_len > 0 ? dir_len : 1, dir_len >= 0 ? header : ".");
    const char *args[8] = {"-xc", "-std=c11", include,
                           /* attach plain comments too, so docs carry over */
                           "-fparse-all-comments"};
    int nargs = 4;
    const char *res = resource_dir();
    if (res) {
        args[nargs++] = "-resource-dir";
        args[nargs++] = res;
    }

    CXIndex index = clang_createIndex(0, 0);
    enum CXErrorCode rc = clang_parseTranslationUnit2(index, header, args, nargs, NULL, 0,
                                                      CXTranslationUnit_DetailedPreprocessingRecord, &tu);
    if (rc != CXError_Success) {
        fprintf(stderr, "hftbindgen: libclang could not parse %s (CXErrorCode %d)\n", header, rc);
        return 1;
    }
    int errors = 0;
    for (unsigned i = 0; i < clang_getNumDiagnostics(tu); i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        char text[2048];
        str(clang_formatDiagnostic(d, clang_defaultDiagnosticDisplayOptions()), text, sizeof text);
        fprintf(stderr, "hftbindgen: %s\n", text);
        errors += clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error;
        clang_disposeDiagnostic(d);
    }
    if (errors) {
        fprintf(stderr, "hftbindgen: %d error(s) parsing %s%s\n", errors, header,
                res ? "" : " (stddef.h missing? set HFT_CLANG_RESOURCE_DIR to clang's resource dir)");
        return 1;
    }

    char *cls, *types, *layout, *check;
    size_t cls_len, types_len, layout_len, check_len;
    out.cls = open_memstream(&cls, &cls_len);
    out.types = open_memstream(&types, &types_len);
    out.layout = open_memstream(&layout, &layout_len);
    out.check = open_memstream(&check, &check_len);
    if (!out.cls || !out.types || !out.layout || !out.check) {
        perror("hftbindgen: open_memstream");
        return 1;
    }
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, NULL);
    fclose(out.cls);
    fclose(out.types);
    fclose(out.layout);
    fclose(out.check);

    char *cs;
    size_t cs_len;
    FILE *f = open_memstream(&cs, &cs_len);
    fprintf(f,
            "// <auto-generated>\n"
            "// Generated by interop/generator/hftbindgen.c from %s; do not edit.\n"
            "// Regenerate with interop/generate.sh.\n"
            "// </auto-generated>\n"
            "\n"
            "#nullable disable\n"
            "// Fields such as _reserved0 have no doc line in the header.\n"
            "#pragma warning disable CS1591\n"
            "\n"
            "using System.Runtime.CompilerServices;\n"
            "using System.Runtime.InteropServices;\n"
            "\n"
            "namespace HftHost.Interop;\n"
            "\n"
            "/// <summary>Constants and exports of %s.</summary>\n"
            "public static unsafe partial class Hftshim\n"
            "{\n"
            "    public const string LibraryName = \"hftshim\";\n"
            "\n"
            "%s"
            "}\n"
            "\n"
            "%s"
            "\n"
            "/// <summary>Sizes and field offsets as libclang computed them from %s.</summary>\n"
            "public static class HftshimLayout\n"
            "{\n"
            "%s"
            "}\n",
            header_name, base, cls, types, base, layout);
    fclose(f);
    write_file(argv[2], cs);

    if (argc == 4) {
        f = open_memstream(&cs, &cs_len);
        fprintf(f,
                "/* <auto-generated>\n"
                " * Generated by interop/generator/hftbindgen.c from %s; do not edit.\n"
                " * Regenerate with interop/generate.sh.\n"
                " * </auto-generated>\n"
                " *\n"
                " * The sizes and offsets that libclang computed for the C# bindings\n"
                " * (HftshimLayout), checked against the compiler that builds the shim.\n"
                " */\n"
                "#include <stddef.h>\n"
                "\n"
                "#include \"%s\"\n"
                "%s",
                header_name, base, check);
        fclose(f);
        write_file(argv[3], cs);
    }
    clang_disposeTranslationUnit(tu);
    clang_disposeIndex(index);
    return 0;
}
