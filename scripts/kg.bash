# kg.bash — bash completion for kg: commands, each command's options,
# and the values an option lists in its usage line (`--format
# text|tap|junit|json`, `-K dot|neato|...`). Everything is read from `kg
# help` as you type, so it always matches the kg on PATH. Installed by
# `make install` as PREFIX/share/bash-completion/completions/kg.
_kg() {
	local cur prev cmd help usage vals
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(kg help 2>/dev/null | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}') --help --version" -- "$cur"))
		return
	fi
	cmd=${COMP_WORDS[1]}
	if [ "$cmd" = help ]; then
		COMPREPLY=($(compgen -W "$(kg help 2>/dev/null | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}')" -- "$cur"))
		return
	fi
	help=$(kg help "$cmd" 2>/dev/null) || return
	# the values an option takes, when its usage line lists them: "-T svg|png|..."
	usage=$(printf '%s\n' "$help" | awk '/^$/ {exit} {print}')
	vals=$(printf '%s\n' "$usage" | grep -o -- "$prev [a-z0-9]*|[a-z0-9|.]*" | head -1 | cut -d' ' -f2 | tr '|' ' ' | sed 's/\.\.\.//')
	# else from its option line: "-K, --layout LAYOUT   dot, neato, fdp ... or twopi"
	[ -n "$vals" ] || case $prev in -*)
		vals=$(printf '%s\n' "$help" | grep -E -- "^ +$prev, --[a-z-]+ [A-Z]|^ +(-[a-zA-Z], )?$prev [A-Z]|^ +-[a-zA-Z], $prev [A-Z]|, $prev [A-Z]" | head -1 |
			sed -E 's/^ +(-[a-zA-Z], )?--?[a-z-]+ [A-Z_]+ +//; s/[;(].*//' |
			grep -E '^[a-z0-9]+(, [a-z0-9]+)*,? or [a-z0-9]+' | sed -E 's/,? or /, /; s/,//g')
	esac
	if [ -n "$vals" ]; then
		COMPREPLY=($(compgen -W "$vals" -- "$cur"))
		return
	fi
	case $cur in
	-*)
		COMPREPLY=($(compgen -W "$(printf '%s\n' "$help" | grep -o -- ' --[a-z][a-z-]*\| -[a-zA-Z],' | tr -d ' ,' | sort -u)" -- "$cur"))
		;;
	*)
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}
complete -o filenames -F _kg kg
