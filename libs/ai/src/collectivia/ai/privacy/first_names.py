"""Common French first names (among the most given in France since the 1940s).

Kept short on purpose: a first name from this list followed by a capitalised word is taken as a
person's name. First names that are also everyday words or place names (Claire, Rose, Olive,
France, Constance, Prudence) are left out to protect precision.
"""

from __future__ import annotations

from collectivia.ai.privacy.lexicon import word_set

FIRST_NAMES = word_set(
    """
    Adam Adrien Agnès Alain Albert Alexandra Alexandre Alice Aline Amandine Amélie Anaïs André
    Andrée Anne Annie Anthony Antoine Arnaud Arthur Audrey Aurélie Aurélien Baptiste Benjamin
    Benoît Bernadette Bernard Bruno Camille Carole Caroline Catherine Cécile Céline Chantal
    Charles Charlotte Chloé Christian Christiane Christine Christophe Claude Claudine Clément
    Colette Corinne Cyril Damien Daniel Danielle David Delphine Denis Denise Didier Dominique
    Dylan Emma Emmanuel Emmanuelle Enzo Éric Estelle Étienne Eugénie Fabien Fabienne Fabrice
    Fatima Florence Florian François Françoise Frédéric Gabriel Gaëlle Geneviève Georges Gérard
    Gilbert Gilles Ginette Guillaume Guy Hélène Henri Hugo Inès Isabelle Jacqueline Jacques
    Jade Jean Jeanne Jérémy Jérôme Joël Jonathan Joseph Josiane Julie Julien Juliette Karim
    Karine Kévin Laetitia Laura Laurence Laurent Léa Léo Léon Lina Louis Louise Luc Lucas Lucie
    Lucien Madeleine Manon Marc Marcel Margaux Marguerite Maria Marie Marine Marion Martine
    Mathieu Mathilde Maurice Maxime Michel Michèle Michelle Mickaël Mohamed Monique Nadia Nadine
    Nathalie Nathan Nicolas Nicole Noël Noémie Océane Olivier Pascal Pascale Patrice Patricia
    Patrick Paul Paulette Philippe Pierre Quentin Raphaël Raymond Rémi Renée René Robert
    Roger Romain Sabrina Samuel Sandrine Sarah Sébastien Simone Sophie Stéphane Stéphanie
    Suzanne Sylvain Sylvie Thierry Thomas Théo Valérie Véronique Victor Vincent Virginie
    Yannick Yves Yvette Yvonne Zoé
    """
) | word_set(
    # First names of every origin common in France (North and West Africa, Eastern Europe,
    # Asia, Brittany, the Basque Country, Portugal...): the model finds most of them; these
    # make the rules find them in lower case after "ma fille", "mon voisin".
    """
    Abdel Abdallah Abdoulaye Ahmed Aïcha Aissatou Aïssatou Ali Amadou Amina Aminata Amine
    Anissa Assia Awa Aya Bilal Binta Boubacar Cheikh Coumba Djibril Fatou Fatoumata Farid
    Hamza Hassan Hicham Ibrahim Ibrahima Idriss Ilyes Imane Kadiatou Karima Khadija Leïla
    Lamine Malika Mamadou Mariam Mehdi Meriem Mohammed Moussa Nabil Nassim Ousmane Rachid
    Rayan Salif Samir Samira Seydou Sofiane Souleymane Yacine Yanis Yasmine Youssef Zineb
    Agnieszka Andrei Bogdan Dmitri Elena Ioana Irina Ivan Katarzyna Mihai Natalia Oksana Olga
    Piotr Sergei Svetlana Tatiana Vasile Anh Hoa Huong Linh Minh Thanh Tuan Wei Hiroshi Yuki
    Brieuc Erwan Gwenaëlle Gwendal Katell Loïc Maëlle Nolwenn Ronan Soizic Tanguy Yann
    Ainhoa Amaia Beñat Eneko Iñaki Maite Peio Xabi António João Joaquim José Manuel Rui
    """
)
