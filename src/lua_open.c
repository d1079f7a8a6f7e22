/* lua_open.c — luaopen_kg, the opener of the Lua module `kg` (as Lua's
 * linit.c): it calls each binding file's opener and builds the module
 * table; nothing calls back into it. */
#include "lua_kg.h"

/* The one symbol kg.so exports (with the Makefile's version script). */
__attribute__((visibility("default"))) int luaopen_kg(lua_State *L)
{
	kgl_open_entity(L);
	kgl_open_graph(L);
	kgl_open_view(L);
	kgl_open_query(L);
	kgl_open_rows(L);
	kgl_open_prov(L);
	lua_createtable(L, 0, 4);
	lua_pushcfunction(L, kgl_load);
	lua_setfield(L, -2, "load");
	lua_pushliteral(L, KG_VERSION);
	lua_setfield(L, -2, "version");
	kgl_open_draw(L, lua_gettop(L));
	kgl_open_rows_out(L, lua_gettop(L));
	kgl_open_date(L, lua_gettop(L));
	kgl_open_schema(L, lua_gettop(L)); /* last: it wraps the graph methods the others add */
	return 1;
}
