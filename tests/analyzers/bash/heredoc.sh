#!/bin/sh
cat <<EOT
Hello $(whoami), today is $(date +%F)
not_a_command here
EOT
cat <<'RAW'
$(not_run) literal
RAW
emit() {
    cat <<-EOF2
	in function: $(hostname)
	EOF2
}
