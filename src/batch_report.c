/* batch_report.c — the reports of a batch run: text (for people), TAP,
 * JUnit XML and JSON (for CI). Results print in the order the scripts were
 * listed; every string is escaped for its format and made valid UTF-8. */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "json.h"

int kgb_format_parse(const char *s)
{
	static const char *const names[] = {"text", "tap", "junit", "json"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

size_t kgb_passed(const kgb_result *results, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += results[i].outcome == KGB_PASS;
	return k;
}

size_t kgb_first_line(const kgb_result *r, const char **start)
{
	const char *m = r->message ? r->message : "failed";
	*start = m;
	return strcspn(m, "\n");
}

static const char *outcome_name(kgb_outcome o)
{
	switch (o) {
	case KGB_PASS: return "pass";
	case KGB_ERROR: return "error";
	case KGB_EXIT: return "exit";
	case KGB_TIMEOUT: return "timeout";
	case KGB_MEMORY: return "memory";
	case KGB_IO: return "io";
	case KGB_CRASH: return "crash";
	}
	return "error";
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */
/* ------------------------------------------------------------------ */

enum esc { ESC_XML, ESC_XMLTEXT }; /* XMLTEXT: element content */

/* Writes s[0..n) escaped for XML text and attributes; invalid UTF-8
 * becomes U+FFFD, and so do the characters XML cannot hold. */
static void put_escaped(FILE *f, const char *str, size_t n, enum esc how)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		if (n - i >= 3 && s[i] == 0xef && s[i + 1] == 0xbf &&
		    (s[i + 2] == 0xbe || s[i + 2] == 0xbf)) {
			fputs("\xef\xbf\xbd", f); /* U+FFFE, U+FFFF: not XML 1.0 characters */
			i += 3;
			continue;
		}
		size_t used = kg_utf8_put(f, s + i, n - i);
		if (used) {
			i += used;
			continue;
		}
		unsigned c = s[i++];
		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs(how == ESC_XML ? "&quot;" : "\"", f); break;
		case '\'': fputs(how == ESC_XML ? "&apos;" : "'", f); break;
		case '\n': fputs(how == ESC_XML ? "&#10;" : "\n", f); break;
		case '\r': fputs("&#13;", f); break;
		case '\t': fputs(how == ESC_XML ? "&#9;" : "\t", f); break;
		default:
			if (c < 0x20)
				fputs("\xef\xbf\xbd", f);
			else
				fputc((int)c, f);
		}
	}
}

static void json_str(FILE *f, const char *s, size_t n)
{
	kg_json_string(f, s, n);
}

static void xml_str(FILE *f, const char *s)
{
	put_escaped(f, s, strlen(s), ESC_XML);
}

/* Writes s[0..n) for a line-based report (text, TAP): control
 * characters and bytes that are not UTF-8 as C escapes (\n, \x1b), so
 * that nothing a script or its file name holds can start a line of its
 * own or move the cursor; with prefix, a newline is kept and the next
 * line starts with prefix. */
static void put_line_text(FILE *f, const char *str, size_t n, const char *prefix)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		size_t len = kg_utf8_len(s + i, n - i);
		if (len > 1) {
			fwrite(s + i, 1, len, f);
			i += len;
			continue;
		}
		i++;
		if (c == '\n' && prefix) {
			fputc('\n', f);
			if (i < n)
				fputs(prefix, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\t') {
			fputs(prefix ? "\t" : "\\t", f);
		} else if (c == '\r') {
			fputs("\\r", f);
		} else if (len == 0 || c < 0x20 || c == 0x7f) {
			fprintf(f, "\\x%02x", c);
		} else {
			fputc((int)c, f);
		}
	}
}

static void put_name(FILE *f, const char *s)
{
	put_line_text(f, s, strlen(s), NULL);
}

/* Writes text with every line after a newline starting with prefix. */
static void put_indented(FILE *f, const char *s, size_t n, const char *prefix)
{
	put_line_text(f, s, n, prefix);
}

/* ------------------------------------------------------------------ */
/* The formats                                                         */
/* ------------------------------------------------------------------ */

static void report_text(FILE *f, const kgb_result *rs, size_t n, const kgb_report_opts *o)
{
	for (size_t i = 0; i < n; i++) {
		const kgb_result *r = &rs[i];
		if (r->outcome == KGB_PASS) {
			fputs("ok ", f);
			put_name(f, r->path);
			if (o->times)
				fprintf(f, " (%.2f s)", r->seconds);
			if (r->value) {
				fputs(": ", f);
				put_indented(f, r->value, strlen(r->value), "  ");
			}
			fputc('\n', f);
		} else {
			const char *m;
			size_t len = kgb_first_line(r, &m);
			fputs("FAIL ", f);
			put_name(f, r->path);
			fputs(": ", f);
			put_line_text(f, m, len, NULL);
			fputc('\n', f);
			if (o->verbose && m[len] == '\n' && m[len + 1]) {
				fputs("    ", f);
				put_indented(f, m + len + 1, strlen(m + len + 1), "    ");
				fputc('\n', f);
			}
		}
		if (r->output && r->output_len) {
			fputs("    | ", f);
			size_t len = r->output_len;
			if (r->output[len - 1] == '\n')
				len--;
			put_indented(f, r->output, len, "    | ");
			fputc('\n', f);
			if (r->output_dropped)
				fprintf(f, "    | ... (%zu more bytes)\n", r->output_dropped);
		}
	}
}

/* A TAP 13 YAML block: strings as JSON (a subset of YAML). */
static void report_tap(FILE *f, const kgb_result *rs, size_t n, const kgb_report_opts *o)
{
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		const kgb_result *r = &rs[i];
		fprintf(f, "%s %zu - ", r->outcome == KGB_PASS ? "ok" : "not ok", i + 1);
		for (const char *c = r->path; *c; c++) { /* '#' would start a directive */
			const char *hash = strchr(c, '#');
			size_t run = hash ? (size_t)(hash - c) : strlen(c);
			put_line_text(f, c, run, NULL);
			c += run;
			if (!*c)
				break;
			fputs("\\#", f);
		}
		fputc('\n', f);
		int block = r->outcome != KGB_PASS || r->value || o->times ||
			    (r->output);
		if (!block)
			continue;
		fputs("  ---\n", f);
		if (r->outcome != KGB_PASS) {
			fprintf(f, "  outcome: %s\n  message: ", outcome_name(r->outcome));
			const char *m = r->message ? r->message : "failed";
			json_str(f, m, strlen(m));
			fputc('\n', f);
		}
		if (r->exit_status >= 0)
			fprintf(f, "  exit: %d\n", r->exit_status);
		if (r->value) {
			fputs("  value: ", f);
			json_str(f, r->value, strlen(r->value));
			fputc('\n', f);
		}
		if (r->output) {
			fputs("  output: ", f);
			json_str(f, r->output, r->output_len);
			fputc('\n', f);
		}
		if (o->times)
			fprintf(f, "  duration_ms: %.0f\n", r->seconds * 1000.0);
		fputs("  ...\n", f);
	}
}

static void report_junit(FILE *f, const kgb_result *rs, size_t n, const kgb_report_opts *o)
{
	size_t failed = n - kgb_passed(rs, n);
	double total = 0;
	for (size_t i = 0; i < n; i++)
		total += rs[i].seconds;
	char time[48] = "";
	if (o->times)
		snprintf(time, sizeof time, " time=\"%.3f\"", total);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<testsuites name=\"kg batch\" tests=\"%zu\" failures=\"%zu\" errors=\"0\"%s>\n"
		   "  <testsuite name=\"kg batch\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\"%s>\n",
		n, failed, time, n, failed, time);
	for (size_t i = 0; i < n; i++) {
		const kgb_result *r = &rs[i];
		fputs("    <testcase classname=\"kg.batch\" name=\"", f);
		xml_str(f, r->path);
		fputc('"', f);
		if (o->times)
			fprintf(f, " time=\"%.3f\"", r->seconds);
		int body = r->outcome != KGB_PASS || r->value || r->exit_status >= 0 ||
			   (r->output);
		if (!body) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		if (r->value || r->exit_status >= 0) {
			fputs("      <properties>\n", f);
			if (r->value) {
				fputs("        <property name=\"value\" value=\"", f);
				xml_str(f, r->value);
				fputs("\"/>\n", f);
			}
			if (r->exit_status >= 0)
				fprintf(f, "        <property name=\"exit\" value=\"%d\"/>\n", r->exit_status);
			fputs("      </properties>\n", f);
		}
		if (r->outcome != KGB_PASS) {
			const char *m;
			size_t len = kgb_first_line(r, &m);
			fputs("      <failure message=\"", f);
			put_escaped(f, m, len, ESC_XML);
			fprintf(f, "\" type=\"%s\">", outcome_name(r->outcome));
			put_escaped(f, m, strlen(m), ESC_XMLTEXT);
			fputs("</failure>\n", f);
		}
		if (r->output) {
			fputs("      <system-out>", f);
			put_escaped(f, r->output, r->output_len, ESC_XMLTEXT);
			fputs("</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}

static void report_json(FILE *f, const kgb_result *rs, size_t n, const kgb_report_opts *o)
{
	size_t passed = kgb_passed(rs, n);
	fprintf(f, "{\"passed\": %zu, \"failed\": %zu, \"scripts\": [", passed, n - passed);
	for (size_t i = 0; i < n; i++) {
		const kgb_result *r = &rs[i];
		fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
		json_str(f, r->path, strlen(r->path));
		fprintf(f, ", \"ok\": %s, \"outcome\": \"%s\"", r->outcome == KGB_PASS ? "true" : "false",
			outcome_name(r->outcome));
		if (r->message) {
			fputs(", \"message\": ", f);
			json_str(f, r->message, strlen(r->message));
		}
		if (r->exit_status >= 0)
			fprintf(f, ", \"exit\": %d", r->exit_status);
		if (r->value) /* JSON text already (kgb_opts.json_values) */
			fprintf(f, ", \"value\": %s", r->value);
		if (r->output) {
			fputs(", \"output\": ", f);
			json_str(f, r->output, r->output_len);
		}
		if (o->times)
			fprintf(f, ", \"seconds\": %.3f", r->seconds);
		fputc('}', f);
	}
	fputs(n ? "\n]}\n" : "]}\n", f);
}

void kgb_report(FILE *f, const kgb_result *results, size_t n, const kgb_report_opts *o)
{
	size_t passed = kgb_passed(results, n);
	switch (o->format) {
	case KGB_TEXT: report_text(f, results, n, o); break;
	case KGB_TAP: report_tap(f, results, n, o); break;
	case KGB_JUNIT: report_junit(f, results, n, o); return;
	case KGB_JSON: report_json(f, results, n, o); return;
	}
	fprintf(f, "%zu passed, %zu failed\n", passed, n - passed);
}
