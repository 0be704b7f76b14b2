#!/bin/sh
# Résumé: calcule la moyenne
moyenne() {
    echo "café"
}
moyenne
