/* batch_lib.c — the library folders of a batch run (--lib DIR): `require`
 * finds NAME.lua in them, and in the sandbox dofile and loadfile may read
 * the files below them (read-only: writing stays confined to -o DIR). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "batch_job.h"

int kgb_lib_contains(const kgb_opts *o, const char *path)
{
	if (!o->nlibs)
		return 0;
	char *real = realpath(path, NULL);
	if (!real)
		return 0;
	int in = 0;
	for (size_t i = 0; i < o->nlibs && !in; i++) {
		size_t n = strlen(o->libs[i]);
		in = strncmp(real, o->libs[i], n) == 0 && (real[n] == '/' || (n == 1 && real[0] == '/'));
	}
	free(real);
	return in;
}

/* Whether name is a module name: words of [A-Za-z0-9_-] joined by dots. */
static int module_name(const char *name)
{
	if (!*name || *name == '.')
		return 0;
	for (const char *c = name; *c; c++)
		if (!(*c == '_' || *c == '-' || (*c == '.' && c[1] && c[1] != '.') ||
		      (*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
			return 0;
	return 1;
}

int kgb_lib_require(lua_State *L, const kgb_opts *o, const char *name)
{
	if (!o->nlibs || !module_name(name) || strlen(name) > 200)
		return 0;
	for (size_t i = 0; i < o->nlibs; i++) {
		luaL_Buffer b;
		luaL_buffinit(L, &b);
		luaL_addstring(&b, o->libs[i]);
		luaL_addchar(&b, '/');
		for (const char *c = name; *c; c++)
			luaL_addchar(&b, *c == '.' ? '/' : *c);
		luaL_addstring(&b, ".lua");
		luaL_pushresult(&b);
		const char *path = lua_tostring(L, -1);
		FILE *f = fopen(path, "r");
		if (!f) {
			lua_pop(L, 1);
			continue;
		}
		fclose(f);
		if (luaL_loadfilex(L, path, "t") != LUA_OK)
			return lua_error(L);
		lua_pushstring(L, name);
		lua_pushvalue(L, -3);
		lua_call(L, 2, 1); /* chunk(name, path), as require calls it */
		if (lua_isnil(L, -1)) {
			lua_pop(L, 1);
			lua_pushboolean(L, 1);
		}
		luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
		lua_pushvalue(L, -2);
		lua_setfield(L, -2, name);
		lua_pop(L, 1);
		lua_remove(L, -2); /* the path */
		return 1;
	}
	return 0;
}
