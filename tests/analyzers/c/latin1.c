/* Résumé de la fonction: calcule la moyenne (© 2024) */
int moyenne(int a, int b)
{
    return (a + b) / 2;
}
